using Npgsql;

namespace DataPort.EventStore;

/// <summary>
/// Reads the global log in position order without ever stepping over an event that is still to commit.
/// </summary>
/// <remarks>
/// Concurrent writers commit out of order: position 11 can be visible while 10 is still in an open
/// transaction, and a reader that moved its mark to 11 would lose 10 for good. Filtering on
/// "writer xid &lt; snapshot xmin" alone is not enough either, because a transaction can hold a lower xid
/// yet draw a higher position. So the feed hands out only gap-free runs, and settles a gap with
/// transaction ids instead of a timeout:
/// <list type="number">
/// <item>Every append assigns its xid (writing the stream row) before it draws positions, and positions
/// are drawn in increasing order (identity with CACHE 1).</item>
/// <item>A gap below a visible position P was drawn before P, so its owner had an xid before our read.</item>
/// <item>After the read we take a fresh xid X. Every owner's xid is below X, so once
/// <c>pg_snapshot_xmin(pg_current_snapshot()) ≥ X</c> all of them have committed or rolled back, and a
/// new read shows every position up to P that will ever exist. What is still missing was rolled back.</item>
/// </list>
/// </remarks>
public static class CommittedEventFeed
{
    private const string ReadSql =
        $"SELECT {EventRows.Columns} FROM events.events WHERE position > $1 ORDER BY position LIMIT $2";

    private const string ReadUpToSql =
        $"SELECT {EventRows.Columns} FROM events.events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3";

    /// <summary>
    /// Up to about <paramref name="batchSize"/> events after <paramref name="afterPosition"/> that are safe
    /// to process in order: no event below the last one returned can still appear. When a gap's owners
    /// are still running after <paramref name="maxWait"/>, only the run before the gap is returned.
    /// The connection must not be inside a transaction (the gap test needs a committed xid of its own).
    /// </summary>
    public static async Task<IReadOnlyList<RawEvent>> ReadAsync(
        NpgsqlConnection connection, long afterPosition, int batchSize, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, ReadSql, cancellationToken, afterPosition, batchSize);
        var run = GapFreeRun(rows, afterPosition);
        if (run == rows.Count)
        {
            return rows;
        }

        var certificate = await ScalarAsync(connection, "SELECT pg_current_xact_id()::text::bigint", cancellationToken);
        if (!await WaitForOlderTransactionsAsync(connection, certificate, maxWait, cancellationToken))
        {
            return rows.GetRange(0, run);
        }
        var upTo = rows[^1].Position;
        return await QueryAsync(connection, ReadUpToSql, cancellationToken, afterPosition, upTo, batchSize);
    }

    /// <summary>How many rows from the start follow <paramref name="afterPosition"/> without a missing position.</summary>
    private static int GapFreeRun(List<RawEvent> rows, long afterPosition)
    {
        var expected = afterPosition + 1;
        for (var i = 0; i < rows.Count; i++, expected++)
        {
            if (rows[i].Position != expected)
            {
                return i;
            }
        }
        return rows.Count;
    }

    /// <summary>Waits until no transaction with an xid below <paramref name="xid"/> is still running.</summary>
    private static async Task<bool> WaitForOlderTransactionsAsync(
        NpgsqlConnection connection, long xid, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + maxWait;
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var xmin = await ScalarAsync(connection, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", cancellationToken);
            if (xmin >= xid)
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 20));
        }
    }

    private static async Task<List<RawEvent>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<RawEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(RawEvent.Read(reader));
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
