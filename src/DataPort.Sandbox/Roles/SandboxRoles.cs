using System.Security.Cryptography;
using System.Text;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using Microsoft.Extensions.Logging;
using DataPort.Sandbox.Database;
using Npgsql;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// <see cref="ISandboxRoles"/> on the application's own connection (which needs CREATEROLE). Each change runs
/// in one transaction under a per-grant advisory lock, so the roles never show a half-applied grant and two
/// server processes (the grant-role projection on one, a query on another) serialise per grant.
/// </summary>
public sealed partial class SandboxRoles(
    SandboxDatabase database, SandboxOptions options, GrantLogins logins, TimeProvider time, ILogger<SandboxRoles> logger) : ISandboxRoles
{
    private readonly NpgsqlDataSource dataSource = database.DataSource;

    // The loaded versions as the roles saw them: a newly loaded version changes it and forces a re-sync.
    private const string VersionsStamp =
        "(SELECT coalesce(md5(string_agg(schema_name, ',' ORDER BY schema_name)), '') FROM sandbox.versions)";

    public async Task<GrantRoles?> EnsureCurrentAsync(SandboxGrant grant, CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        if (!grant.IsLive(time.GetUtcNow()))
        {
            await DropGrantAsync(grant.GrantId, grant.Version, DropReason(grant), cancellationToken);
            return null;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindCurrentAsync(connection, null, grant, Terms(grant), cancellationToken)
            ?? await SyncGrantAsync(grant, cancellationToken);
    }

    public async Task<GrantRoles?> SyncGrantAsync(SandboxGrant grant, CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        if (!grant.IsLive(time.GetUtcNow()))
        {
            await DropGrantAsync(grant.GrantId, grant.Version, DropReason(grant), cancellationToken);
            return null;
        }

        var grantRole = SandboxNames.GrantRole(grant.GrantId);
        var loginRole = SandboxNames.LoginRole(grant.GrantId);
        var terms = Terms(grant);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockGrantAsync(connection, transaction, grant.GrantId, cancellationToken);
        if (await DroppedSinceAsync(connection, transaction, grant, cancellationToken))
        {
            // This state was read before the event that dropped the roles (a query racing a suspension):
            // recreating them would undo the event, so the use is refused instead.
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        if (await FindCurrentAsync(connection, transaction, grant, terms, cancellationToken) is { } current)
        {
            await transaction.CommitAsync(cancellationToken);
            return current;
        }

        var loaded = await ReadVersionsAsync(connection, transaction, cancellationToken);
        var privileges = DesiredPrivileges(grant, loaded);
        var roles = new GrantRoles(grant.GrantId, grantRole, loginRole, privileges.Select(p => p.Version.Schema).ToList());
        var superuser = await ScalarAsync<bool>(connection, transaction,
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", cancellationToken);

        if (!await RoleExistsAsync(connection, transaction, grantRole, cancellationToken))
        {
            await ExecuteAsync(connection, transaction, $"CREATE ROLE {SandboxNames.Quote(grantRole)} NOLOGIN NOINHERIT", cancellationToken);
        }
        if (!await RoleExistsAsync(connection, transaction, loginRole, cancellationToken))
        {
            await ExecuteAsync(connection, transaction, $"CREATE ROLE {SandboxNames.Quote(loginRole)} LOGIN", cancellationToken);
        }
        // NOINHERIT: logged in, the role has PUBLIC's rights only; it sees data only after SET ROLE to its
        // grant role, and RESET ROLE takes it back to nothing. VALID UNTIL makes PostgreSQL itself refuse the
        // login once the grant expires, even if neither the expiry event nor the expired-role pass has run yet.
        var password = logins.PasswordFor(loginRole);
        await ExecuteAsync(connection, transaction,
            $"ALTER ROLE {SandboxNames.Quote(loginRole)} LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS " +
            $"CONNECTION LIMIT {options.RoleConnectionLimit} PASSWORD '{password}' VALID UNTIL '{grant.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'",
            cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"GRANT {SandboxNames.Quote(grantRole)} TO {SandboxNames.Quote(loginRole)}", cancellationToken);
        // Role defaults: a second line of defence should a caller ever forget its SET LOCALs.
        await ExecuteAsync(connection, transaction,
            $"ALTER ROLE {SandboxNames.Quote(loginRole)} SET default_transaction_read_only = on; " +
            $"ALTER ROLE {SandboxNames.Quote(loginRole)} SET statement_timeout = {(long)options.StatementTimeout.TotalMilliseconds}",
            cancellationToken);
        if (superuser)
        {
            // temp_file_limit is superuser-only: as a role default the login role can neither raise nor reset it.
            await ExecuteAsync(connection, transaction,
                $"ALTER ROLE {SandboxNames.Quote(loginRole)} SET temp_file_limit = '{options.TempFileLimit}'", cancellationToken);
        }

        await RevokeEverywhereAsync(connection, transaction, loaded, [grantRole, loginRole], cancellationToken);
        foreach (var privilege in privileges)
        {
            var columns = string.Join(", ", privilege.Columns.Select(SandboxNames.Quote));
            await ExecuteAsync(connection, transaction,
                $"GRANT USAGE ON SCHEMA {SandboxNames.Quote(privilege.Version.Schema)} TO {SandboxNames.Quote(grantRole)}; " +
                $"GRANT SELECT ({columns}) ON {privilege.Version.QualifiedTable} TO {SandboxNames.Quote(grantRole)}",
                cancellationToken);
        }

        await using (var record = new NpgsqlCommand($"""
            INSERT INTO sandbox.grant_roles
                (grant_id, role_name, login_role, fingerprint, expires_at, synced_at, terms, versions_stamp, schemas, grant_version)
            VALUES ($1, $2, $3, $4, $5, now(), $4, {VersionsStamp}, $6, $7)
            ON CONFLICT (grant_id) DO UPDATE SET fingerprint = excluded.fingerprint, expires_at = excluded.expires_at, synced_at = now(),
                terms = excluded.terms, versions_stamp = excluded.versions_stamp, schemas = excluded.schemas, grant_version = excluded.grant_version
            """, connection, transaction))
        {
            record.Parameters.Add(new() { Value = grant.GrantId });
            record.Parameters.Add(new() { Value = grantRole });
            record.Parameters.Add(new() { Value = loginRole });
            record.Parameters.Add(new() { Value = terms });
            record.Parameters.Add(new() { Value = grant.ExpiresAt });
            record.Parameters.Add(new() { Value = roles.Schemas.ToArray() });
            record.Parameters.Add(new() { Value = grant.Version });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        // A newer state than the event that dropped the roles (a resume): that drop no longer stands.
        await using (var clear = new NpgsqlCommand("DELETE FROM sandbox.dropped_grants WHERE grant_id = $1", connection, transaction))
        {
            clear.Parameters.Add(new() { Value = grant.GrantId });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        LogSynced(logger, grant.GrantId, grantRole, privileges.Count);
        return roles;
    }

    public Task DropGrantAsync(string grantId, CancellationToken cancellationToken = default) =>
        DropAsync(grantId, null, cancellationToken);

    public Task DropGrantAsync(string grantId, long grantVersion, string reason, CancellationToken cancellationToken = default) =>
        DropAsync(grantId, (grantVersion, reason), cancellationToken);

    private async Task DropAsync(string grantId, (long Version, string Reason)? dropped, CancellationToken cancellationToken)
    {
        await database.PrepareAsync(cancellationToken);
        var grantRole = SandboxNames.GrantRole(grantId);
        var loginRole = SandboxNames.LoginRole(grantId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockGrantAsync(connection, transaction, grantId, cancellationToken);
        var existing = new List<string>();
        foreach (var role in new[] { loginRole, grantRole })
        {
            if (await RoleExistsAsync(connection, transaction, role, cancellationToken))
            {
                existing.Add(role);
            }
        }
        if (existing.Count > 0)
        {
            var loaded = await ReadVersionsAsync(connection, transaction, cancellationToken);
            await RevokeEverywhereAsync(connection, transaction, loaded, existing, cancellationToken);
            logins.Forget(loginRole);
            await TerminateSessionsAsync(connection, transaction, loginRole, cancellationToken);
            foreach (var role in existing)
            {
                await ExecuteAsync(connection, transaction, $"DROP ROLE {SandboxNames.Quote(role)}", cancellationToken);
            }
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM sandbox.grant_roles WHERE grant_id = $1", connection, transaction))
        {
            delete.Parameters.Add(new() { Value = grantId });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (dropped is { } tombstone)
        {
            await using var record = new NpgsqlCommand("""
                INSERT INTO sandbox.dropped_grants (grant_id, grant_version, reason) VALUES ($1, $2, $3)
                ON CONFLICT (grant_id) DO UPDATE SET grant_version = greatest(sandbox.dropped_grants.grant_version, excluded.grant_version),
                    reason = excluded.reason, dropped_at = now()
                """, connection, transaction);
            record.Parameters.Add(new() { Value = grantId });
            record.Parameters.Add(new() { Value = tombstone.Version });
            record.Parameters.Add(new() { Value = tombstone.Reason });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (existing.Count > 0)
        {
            LogDropped(logger, grantId, grantRole);
        }
    }

    public async Task<int> DropExpiredAsync(CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        var expired = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT grant_id FROM sandbox.grant_roles WHERE expires_at <= $1"))
        {
            command.Parameters.Add(new() { Value = time.GetUtcNow() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add(reader.GetString(0));
            }
        }
        foreach (var grantId in expired)
        {
            // No tombstone: an expired grant is never live again, so no later sync can recreate its roles.
            await DropGrantAsync(grantId, cancellationToken);
        }
        return expired.Count;
    }

    private static string DropReason(SandboxGrant grant) => grant.Status == SandboxGrantStatus.Active ? "expired" : grant.Status.ToString().ToLowerInvariant();

    /// <summary>
    /// The roles as recorded, if they were made from these very terms over the versions loaded now and both still
    /// exist: one indexed read, the query path's whole cost when nothing changed.
    /// </summary>
    private static async Task<GrantRoles?> FindCurrentAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, SandboxGrant grant, string terms, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT g.role_name, g.login_role, g.schemas FROM sandbox.grant_roles g
            WHERE g.grant_id = $1 AND g.terms = $2 AND g.versions_stamp = {VersionsStamp}
              AND (SELECT count(*) FROM pg_roles r WHERE r.rolname IN (g.role_name, g.login_role)) = 2
            """, connection, transaction);
        command.Parameters.Add(new() { Value = grant.GrantId });
        command.Parameters.Add(new() { Value = terms });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GrantRoles(grant.GrantId, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2))
            : null;
    }

    private static async Task<bool> DroppedSinceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SandboxGrant grant, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM sandbox.dropped_grants WHERE grant_id = $1 AND grant_version >= $2)", connection, transaction);
        command.Parameters.Add(new() { Value = grant.GrantId });
        command.Parameters.Add(new() { Value = grant.Version });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>What the grant role should be able to read: per covered loaded version, the granted columns it has.</summary>
    internal static List<VersionPrivilege> DesiredPrivileges(SandboxGrant grant, IReadOnlyList<LoadedVersion> loaded)
    {
        var privileges = new List<VersionPrivilege>();
        foreach (var version in loaded)
        {
            var dataset = grant.Find(version.DatasetId);
            if (dataset is null || !dataset.Covers(version.Version))
            {
                continue;
            }
            // Grants name columns as the dataset does; privileges go on their SQL names.
            var columns = version.Columns.Where(c => dataset.Columns.Contains(c.Label)).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
            if (columns.Count > 0)
            {
                privileges.Add(new VersionPrivilege(version, columns));
            }
        }
        return privileges;
    }

    /// <summary>A hash of everything the roles are made from apart from the loaded versions: the grant's terms and the sandbox limits.</summary>
    private string Terms(SandboxGrant grant)
    {
        var text = new StringBuilder()
            .Append(grant.GrantId).Append('|').Append(grant.Status).Append('|').Append(grant.ExpiresAt.UtcTicks).Append('|')
            .Append(options.RoleConnectionLimit).Append('|').Append(options.StatementTimeout.Ticks).Append('|').Append(options.TempFileLimit)
            .Append('|').Append(PasswordFingerprint(SandboxNames.LoginRole(grant.GrantId)));
        foreach (var dataset in grant.Datasets.OrderBy(d => d.DatasetId, StringComparer.Ordinal))
        {
            text.Append('|').Append(dataset.DatasetId).Append(':').AppendJoin(',', dataset.Columns.Order(StringComparer.Ordinal))
                .Append(':').Append(dataset.Versions is null ? "*" : string.Join(',', dataset.Versions.Order()));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // A changed login secret must re-set the password, without putting the password itself in the fingerprint.
    private string PasswordFingerprint(string loginRole) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(logins.PasswordFor(loginRole))))[..16];

    private static async Task RevokeEverywhereAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LoadedVersion> loaded, IEnumerable<string> roles,
        CancellationToken cancellationToken)
    {
        var roleList = string.Join(", ", roles.Select(SandboxNames.Quote));
        // REVOKE on a table also revokes the column privileges on each of its columns.
        foreach (var version in loaded)
        {
            await ExecuteAsync(connection, transaction,
                $"REVOKE ALL ON ALL TABLES IN SCHEMA {SandboxNames.Quote(version.Schema)} FROM {roleList}; " +
                $"REVOKE ALL ON SCHEMA {SandboxNames.Quote(version.Schema)} FROM {roleList}",
                cancellationToken);
        }
    }

    private async Task TerminateSessionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string loginRole, CancellationToken cancellationToken)
    {
        // A query running while its grant is revoked must not run on; needs superuser or pg_signal_backend,
        // so failing here only means the running statement finishes within its statement_timeout.
        await ExecuteAsync(connection, transaction, "SAVEPOINT terminate_sessions", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1", connection, transaction);
            command.Parameters.Add(new() { Value = loginRole });
            await command.ExecuteScalarAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, "RELEASE SAVEPOINT terminate_sessions", cancellationToken);
        }
        catch (PostgresException e)
        {
            await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT terminate_sessions", cancellationToken);
            LogCouldNotTerminate(logger, loginRole, e.MessageText);
        }
    }

    private static async Task<List<LoadedVersion>> ReadVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT dataset_id, version, content_hash, schema_name, table_name, columns::text, row_count, loaded_at
            FROM sandbox.versions ORDER BY dataset_id, version
            """, connection, transaction);
        return await SandboxVersions.ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// The grant's own lock, then the one every role change shares: PostgreSQL refuses two transactions that change
    /// the privileges of one table at once ("tuple concurrently updated"), and every grant on a version changes that
    /// version's table. Always in this order, so no two changes wait on each other in a circle.
    /// </summary>
    private static async Task LockGrantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string grantId, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("SELECT pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = "sandbox-grant:" + grantId } } },
                new("SELECT pg_advisory_xact_lock(hashtext('sandbox-privileges'))"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> RoleExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", connection, transaction);
        command.Parameters.Add(new() { Value = role });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: roles of grant {GrantId} ({GrantRole}) now read {VersionCount} version(s)")]
    private static partial void LogSynced(ILogger logger, string grantId, string grantRole, int versionCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: roles of grant {GrantId} ({GrantRole}) dropped")]
    private static partial void LogDropped(ILogger logger, string grantId, string grantRole);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox: could not terminate sessions of {LoginRole}: {Reason}")]
    private static partial void LogCouldNotTerminate(ILogger logger, string loginRole, string reason);
}

/// <summary>One loaded version a grant role may read, and which of its columns.</summary>
internal sealed record VersionPrivilege(LoadedVersion Version, IReadOnlyList<string> Columns);
