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
/// <item>After the read, the owners still running are among this database's sessions that hold an xid
/// right now (<c>pg_stat_activity.backend_xid</c>). Once all of those have finished, a new read shows every
/// position up to P that will ever exist; what is still missing was rolled back.</item>
/// <item>If some sessions of this database are hidden from our role, we use the cluster-wide form of the
/// same test: take a fresh xid X (newer than every owner's) and wait for
/// <c>pg_snapshot_xmin(pg_current_snapshot()) ≥ X</c>. Equally exact, only slower while unrelated long
/// transactions run elsewhere in the cluster.</item>
/// </list>
/// </remarks>
public static class CommittedEventFeed
{
    private const string ReadSql =
        $"SELECT {EventRows.Columns} FROM events.events WHERE position > $1 ORDER BY position LIMIT $2";

    private const string ReadUpToSql =
        $"SELECT {EventRows.Columns} FROM events.events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3";

    private const string RunningTransactionsSql = """
        SELECT array_agg(backend_xid::text) FILTER (WHERE backend_xid IS NOT NULL),
               coalesce(bool_and(usename = current_user), true)
                   OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')
        FROM pg_stat_activity WHERE datname = current_database()
        """;

    private const string StillRunningSql = """
        SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity
                           WHERE datname = current_database() AND backend_xid::text = ANY($1))
        """;

    private const string OlderFinishedSql = "SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8";

    /// <summary>
    /// Up to about <paramref name="batchSize"/> events after <paramref name="afterPosition"/> that are safe
    /// to process in order: no event below the last one returned can still appear. When a gap's owners
    /// are still running after <paramref name="maxWait"/>, only the run before the gap is returned.
    /// The connection must not be inside a transaction.
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
        if (!await WaitForGapOwnersAsync(connection, maxWait, cancellationToken))
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

    /// <summary>Waits until every transaction that could own a gap seen by the previous read has finished.</summary>
    private static async Task<bool> WaitForGapOwnersAsync(NpgsqlConnection connection, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        string[] running;
        bool allVisible;
        await using (var command = new NpgsqlCommand(RunningTransactionsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            running = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string[]>(0);
            allVisible = reader.GetBoolean(1);
        }
        if (allVisible)
        {
            return running.Length == 0 || await WaitUntilAsync(connection, StillRunningSql, running, maxWait, cancellationToken);
        }
        await using var take = new NpgsqlCommand("SELECT pg_current_xact_id()::text", connection);
        var certificate = (string)(await take.ExecuteScalarAsync(cancellationToken))!;
        return await WaitUntilAsync(connection, OlderFinishedSql, certificate, maxWait, cancellationToken);
    }

    private static async Task<bool> WaitUntilAsync(
        NpgsqlConnection connection, string condition, object argument, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + maxWait;
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            await using (var command = new NpgsqlCommand(condition, connection))
            {
                command.Parameters.Add(new() { Value = argument });
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    return true;
                }
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
}
