using System.Globalization;
using DataPort.Domain.Grants;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Trading.Usage;

/// <summary>
/// The hourly usage roll-up (<c>trading.usage_hourly</c>, migration 0501): metered use of grants per closed
/// hour and grant, from the usage events on the event store, and the reads that prefer it to the events.
/// </summary>
/// <remarks>
/// Uses are counted from <c>grant.usage-recorded</c> on the grant's stream, by its stable name: every use that ran
/// (the quota's and pay-per-query billing's count) and every attempt refused (outcome <c>denied:…</c>), with its
/// duration. Databases from before that one record also hold <c>sandbox.usage-recorded</c> on
/// <c>grant-usage-&lt;id&gt;</c> (attempts and durations); those still count for refusals and time. An event
/// belongs to the hour of its own <c>recordedAt</c>, as statements have always counted.
/// </remarks>
public sealed class HourlyUsage(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>
    /// How far an event's commit may lie from its own time. Events are found by commit time (indexed) and
    /// counted by their own time; appends commit within milliseconds, so the margin only covers clock skew
    /// between the servers and the database.
    /// </summary>
    public static readonly TimeSpan CommitMargin = TimeSpan.FromMinutes(10);

    // Arbitrary class id of the advisory locks that serialise roll-ups of the same hour ("USAG").
    private const int LockClass = 0x55534147;

    /// <summary>
    /// Recomputes the buckets of the hour starting at <paramref name="hourStart"/> from its events and marks the
    /// hour rolled up; returns how many usage events it counted. Idempotent: the hour's buckets are replaced
    /// whole, and concurrent roll-ups of one hour take turns, so any number of runs leave the same rows.
    /// </summary>
    public async Task<long> RollUpHourAsync(DateTimeOffset hourStart, CancellationToken cancellationToken)
    {
        var hour = HourOf(hourStart);
        if (hour != hourStart.ToUniversalTime())
        {
            throw new ArgumentException($"{hourStart:O} is not the start of an hour.", nameof(hourStart));
        }
        if (hour.AddHours(1) > clock.GetUtcNow())
        {
            // An open hour marked as rolled up would hide its later events from statements.
            throw new ArgumentOutOfRangeException(nameof(hourStart), $"The hour {hour:O} has not closed yet.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("SELECT pg_advisory_xact_lock($1, $2)") { Parameters = { new() { Value = LockClass }, new() { Value = (int)(hour.ToUnixTimeSeconds() / 3600) } } },
                new("DELETE FROM trading.usage_hourly WHERE hour_start = $1") { Parameters = { new() { Value = hour } } },
                RollUpCommand(hour, clock.GetUtcNow()),
            },
        };
        long events = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.FieldCount == 1 && reader.GetName(0) == "events")
                    {
                        events = reader.GetInt64(0);
                    }
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return events;
    }

    private static NpgsqlBatchCommand RollUpCommand(DateTimeOffset hour, DateTimeOffset now) => new("""
        WITH hour_events AS (
            SELECT e.type, e.data, coalesce(e.data->>'outcome', '') LIKE 'denied:%' AS denied
            FROM events.mt_events e
            WHERE e.type IN ('grant.usage-recorded', 'sandbox.usage-recorded')
              AND e.timestamp >= $3 AND e.timestamp < $4
              AND (e.data->>'recordedAt')::timestamptz >= $1 AND (e.data->>'recordedAt')::timestamptz < $2
        ), per_grant AS (
            SELECT data->>'grantId' AS grant_id,
                count(*) FILTER (WHERE type = 'grant.usage-recorded' AND data->>'kind' <> $6 AND NOT denied) AS queries,
                count(*) FILTER (WHERE type = 'grant.usage-recorded' AND data->>'kind' = $6 AND NOT denied) AS downloads,
                coalesce(sum((data->>'rows')::bigint) FILTER (WHERE type = 'grant.usage-recorded'), 0) AS rows,
                count(*) FILTER (WHERE denied) AS denied,
                coalesce(sum((data->>'durationMs')::bigint), 0) AS duration_ms,
                max(data->>'datasetId') AS dataset_id,
                count(*) AS events
            FROM hour_events
            GROUP BY data->>'grantId'
        ), inserted AS (
            INSERT INTO trading.usage_hourly
                (hour_start, grant_id, dataset_id, organisation_id, owner_organisation_id, queries, downloads, rows, denied, duration_ms)
            SELECT $1, p.grant_id, coalesce(g.dataset_id, p.dataset_id, ''), coalesce(g.developer_organisation_id, ''),
                coalesce(g.owner_organisation_id, ''), p.queries, p.downloads, p.rows, p.denied, p.duration_ms
            FROM per_grant p LEFT JOIN domain.mt_doc_grant_view g ON g.grant_id = p.grant_id
            RETURNING 1
        )
        INSERT INTO trading.usage_hours AS h (hour_start, events, rolled_up_at)
        VALUES ($1, (SELECT coalesce(sum(events), 0) FROM per_grant), $5)
        ON CONFLICT (hour_start) DO UPDATE SET events = EXCLUDED.events, rolled_up_at = EXCLUDED.rolled_up_at
        RETURNING h.events AS events
        """)
    {
        Parameters =
        {
            new() { Value = hour },
            new() { Value = hour.AddHours(1) },
            new() { Value = hour - CommitMargin },
            new() { Value = hour.AddHours(1) + CommitMargin },
            new() { Value = now },
            DownloadKind(),
        },
    };

    /// <summary>The hours in [<paramref name="from"/>, <paramref name="to"/>) that have been rolled up.</summary>
    public async Task<IReadOnlySet<DateTimeOffset>> RolledUpHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RolledUpHoursAsync(connection, null, from, to, cancellationToken);
    }

    private static async Task<IReadOnlySet<DateTimeOffset>> RolledUpHoursAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT hour_start FROM trading.usage_hours WHERE hour_start >= $1 AND hour_start < $2", connection, transaction);
        command.Parameters.Add(new() { Value = from.ToUniversalTime() });
        command.Parameters.Add(new() { Value = to.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hours = new HashSet<DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hours.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }
        return hours;
    }

    /// <summary>
    /// Metered queries (row-level and aggregate, not downloads) of each grant with <c>recordedAt</c> in
    /// [<paramref name="from"/>, <paramref name="to"/>): rolled-up hours from the roll-up, every other hour
    /// (the open one, or any the job has not reached) live from the grants' streams. One snapshot for all of it,
    /// so a roll-up committing meanwhile is counted exactly once.
    /// </summary>
    /// <remarks>
    /// Once some hours of the period are rolled up, the live read looks only at events committed since the first
    /// hour that is not (less <see cref="CommitMargin"/>), the same bound the roll-up itself relies on; with none
    /// rolled up it reads the streams whole, exactly as statements always did.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, long>> MeteredQueriesAsync(
        IReadOnlyCollection<string> grantIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var counts = grantIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
        if (counts.Count == 0)
        {
            return counts;
        }
        var ids = counts.Keys.ToArray();
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var rolled = await RolledUpHoursAsync(connection, transaction, from, to, cancellationToken);
        var firstGap = FirstHourNotIn(rolled, from, to);

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new("""
            SELECT grant_id, sum(queries)::bigint FROM trading.usage_hourly
            WHERE grant_id = ANY($1) AND hour_start >= $2 AND hour_start < $3
            GROUP BY grant_id
            """)
        {
            Parameters = { Ids(ids), new() { Value = from }, new() { Value = to } },
        });
        if (firstGap is { } gap)
        {
            var sinceCommit = rolled.Count > 0 ? "AND e.timestamp >= $5" : "";
            var live = new NpgsqlBatchCommand($"""
                SELECT e.data->>'grantId', count(*) FROM events.mt_events e
                WHERE e.stream_id = ANY($1) AND e.type = 'grant.usage-recorded' AND e.data->>'kind' <> $4
                  AND coalesce(e.data->>'outcome', '') NOT LIKE 'denied:%'
                  AND (e.data->>'recordedAt')::timestamptz >= $2 AND (e.data->>'recordedAt')::timestamptz < $3 {sinceCommit}
                  AND NOT EXISTS (SELECT 1 FROM trading.usage_hours h
                                  WHERE h.hour_start = date_trunc('hour', (e.data->>'recordedAt')::timestamptz, 'UTC'))
                GROUP BY 1
                """)
            {
                Parameters = { Ids(ids.Select(id => "grant-" + id).ToArray()), new() { Value = from }, new() { Value = to }, DownloadKind() },
            };
            if (rolled.Count > 0)
            {
                live.Parameters.Add(new() { Value = gap - CommitMargin });
            }
            batch.BatchCommands.Add(live);
        }
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetString(0);
                    if (counts.TryGetValue(id, out var count))
                    {
                        counts[id] = count + reader.GetInt64(1);
                    }
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>The first hour of [<paramref name="from"/>, <paramref name="to"/>) (or the partial hour it starts in) that is not rolled up.</summary>
    private static DateTimeOffset? FirstHourNotIn(IReadOnlySet<DateTimeOffset> rolled, DateTimeOffset from, DateTimeOffset to)
    {
        for (var hour = HourOf(from); hour < to; hour = hour.AddHours(1))
        {
            if (!rolled.Contains(hour))
            {
                return hour;
            }
        }
        return null;
    }

    /// <summary>
    /// The rolled-up buckets in [<paramref name="from"/>, <paramref name="to"/>) of grants used by (or of datasets
    /// owned by) <paramref name="organisationId"/>, or of everyone when it is null; oldest hour first.
    /// </summary>
    public async Task<IReadOnlyList<UsageBucket>> ListAsync(
        string? organisationId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT hour_start, grant_id, dataset_id, organisation_id, owner_organisation_id, queries, downloads, rows, denied, duration_ms
            FROM trading.usage_hourly
            WHERE hour_start >= $1 AND hour_start < $2
              AND ($3::text IS NULL OR organisation_id = $3 OR owner_organisation_id = $3)
            ORDER BY hour_start, grant_id
            LIMIT $4
            """);
        command.Parameters.Add(new() { Value = from.ToUniversalTime() });
        command.Parameters.Add(new() { Value = to.ToUniversalTime() });
        command.Parameters.Add(new() { Value = (object?)organisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buckets = new List<UsageBucket>();
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(new UsageBucket(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        }
        return buckets;
    }

    /// <summary>The start of the UTC hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    // Events store enums as their numbers (the event store's JSON options), so a download's kind reads back as this text.
    private static NpgsqlParameter DownloadKind() =>
        new() { Value = ((int)UseKind.Download).ToString(CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Ids(string[] ids) => new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}

/// <summary>One hour of one grant's metered use.</summary>
public sealed record UsageBucket(
    DateTimeOffset HourStart,
    string GrantId,
    string DatasetId,
    string OrganisationId,
    string OwnerOrganisationId,
    long Queries,
    long Downloads,
    long Rows,
    long Denied,
    long DurationMs);
