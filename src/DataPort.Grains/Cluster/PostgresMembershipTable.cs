using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DataPort.Grains.Cluster;

/// <summary>
/// Orleans' membership table on DataPort's PostgreSQL (<c>cluster.silos</c>, <c>cluster.membership_versions</c>,
/// migration 0700): the silos of one cluster find each other here, heartbeat here, and vote each other dead here.
/// </summary>
/// <remarks>
/// Orleans' protocol rests on two compare-and-swap guarantees: a silo's row changes only if its etag is the one the
/// writer read, and only together with the table version, whose etag must also be unchanged. Both updates run in
/// one transaction, so a lost race writes nothing and returns false, as the contract asks. Etags are counters.
/// </remarks>
internal sealed class PostgresMembershipTable(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private const string Columns = """
        s.address, s.silo_name, s.host_name, s.role_name, s.status, s.proxy_port, s.update_zone, s.fault_zone, s.start_time,
        s.i_am_alive, s.suspect_times::text, s.etag
        """;

    private string ClusterId => cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        if (!tryInitTableVersion)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            "INSERT INTO cluster.membership_versions (cluster_id, version, etag) VALUES ($1, 0, 0) ON CONFLICT (cluster_id) DO NOTHING");
        command.Parameters.Add(new() { Value = ClusterId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM cluster.membership_versions WHERE cluster_id = $1");
        command.Parameters.Add(new() { Value = clusterId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM cluster.silos WHERE cluster_id = $1 AND status = $2 AND i_am_alive < $3");
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = (int)SiloStatus.Dead });
        command.Parameters.Add(new() { Value = beforeDate.UtcDateTime });
        await command.ExecuteNonQueryAsync();
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(silo: null);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        ChangeAsync(tableVersion, async (connection, transaction) =>
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO cluster.silos (cluster_id, address, silo_name, host_name, role_name, status, proxy_port, update_zone,
                    fault_zone, start_time, i_am_alive, suspect_times, etag)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)
                ON CONFLICT (cluster_id, address) DO NOTHING
                """, connection, transaction);
            AddRow(insert, entry);
            return await insert.ExecuteNonQueryAsync() == 1;
        });

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        ChangeAsync(tableVersion, async (connection, transaction) =>
        {
            await using var update = new NpgsqlCommand("""
                UPDATE cluster.silos SET silo_name = $3, host_name = $4, role_name = $5, status = $6, proxy_port = $7, update_zone = $8,
                    fault_zone = $9, start_time = $10, i_am_alive = $11, suspect_times = $12, etag = etag + 1
                WHERE cluster_id = $1 AND address = $2 AND etag = $13
                """, connection, transaction);
            AddRow(update, entry);
            update.Parameters.Add(new() { Value = long.TryParse(etag, out var expected) ? expected : -1 });
            return await update.ExecuteNonQueryAsync() == 1;
        });

    // A heartbeat: no etag, no version bump (the contract makes it the one unguarded write).
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await using var command = dataSource.CreateCommand("UPDATE cluster.silos SET i_am_alive = $3 WHERE cluster_id = $1 AND address = $2");
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = entry.SiloAddress.ToParsableString() });
        command.Parameters.Add(new() { Value = Utc(entry.IAmAliveTime) });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Moves the table version to <paramref name="next"/> if its etag is still the one read, and makes the row change with it.</summary>
    private async Task<bool> ChangeAsync(TableVersion next, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> changeRow)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var version = new NpgsqlCommand(
            "UPDATE cluster.membership_versions SET version = $2, etag = etag + 1, updated_at = now() WHERE cluster_id = $1 AND etag = $3",
            connection, transaction);
        version.Parameters.Add(new() { Value = ClusterId });
        version.Parameters.Add(new() { Value = next.Version });
        version.Parameters.Add(new() { Value = long.TryParse(next.VersionEtag, out var expected) ? expected : -1 });
        if (await version.ExecuteNonQueryAsync() != 1 || !await changeRow(connection, transaction))
        {
            await transaction.RollbackAsync();
            return false;
        }
        await transaction.CommitAsync();
        return true;
    }

    // The version and the rows in one statement: one snapshot, as ReadAll's contract asks.
    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT v.version, v.etag, {Columns}
            FROM cluster.membership_versions v
            LEFT JOIN cluster.silos s ON s.cluster_id = v.cluster_id AND ($2::text IS NULL OR s.address = $2)
            WHERE v.cluster_id = $1
            """);
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = (object?)silo?.ToParsableString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync();
        TableVersion? version = null;
        List<Tuple<MembershipEntry, string>> members = [];
        while (await reader.ReadAsync())
        {
            version ??= new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
            if (!reader.IsDBNull(2))
            {
                members.Add(Tuple.Create(ReadEntry(reader), reader.GetInt64(13).ToString(CultureInfo.InvariantCulture)));
            }
        }
        return new MembershipTableData(members, version ?? new TableVersion(0, "0"));
    }

    private static MembershipEntry ReadEntry(NpgsqlDataReader reader) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(reader.GetString(2)),
        SiloName = reader.GetString(3),
        HostName = reader.GetString(4),
        RoleName = reader.GetString(5),
        Status = (SiloStatus)reader.GetInt32(6),
        ProxyPort = reader.GetInt32(7),
        UpdateZone = reader.GetInt32(8),
        FaultZone = reader.GetInt32(9),
        StartTime = reader.GetDateTime(10),
        IAmAliveTime = reader.GetDateTime(11),
        SuspectTimes = [.. JsonSerializer.Deserialize<List<Suspicion>>(reader.GetString(12), JsonSerializerOptions.Web)!
            .Select(s => Tuple.Create(SiloAddress.FromParsableString(s.Silo), s.At.UtcDateTime))],
    };

    private void AddRow(NpgsqlCommand command, MembershipEntry entry)
    {
        var p = command.Parameters;
        p.Add(new() { Value = ClusterId });
        p.Add(new() { Value = entry.SiloAddress.ToParsableString() });
        p.Add(new() { Value = entry.SiloName ?? "" });
        p.Add(new() { Value = entry.HostName ?? "" });
        p.Add(new() { Value = entry.RoleName ?? "" });
        p.Add(new() { Value = (int)entry.Status });
        p.Add(new() { Value = entry.ProxyPort });
        p.Add(new() { Value = entry.UpdateZone });
        p.Add(new() { Value = entry.FaultZone });
        p.Add(new() { Value = Utc(entry.StartTime) });
        p.Add(new() { Value = Utc(entry.IAmAliveTime) });
        var suspicions = (entry.SuspectTimes ?? []).Select(s => new Suspicion(s.Item1.ToParsableString(), Utc(s.Item2)));
        p.Add(new() { Value = JsonSerializer.Serialize(suspicions, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    // Orleans hands over UTC times, some with an unspecified kind; timestamptz needs them marked.
    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private sealed record Suspicion(string Silo, DateTimeOffset At);
}
