using System.Data;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using Npgsql;

namespace DataPort.Sandbox;

/// <summary>
/// A connection logged in as the grant's own login role, inside a read-only transaction that has switched
/// to the grant role with every limit set. Always rolled back: nothing a sandbox statement does can commit.
/// </summary>
public sealed class GrantSession : IAsyncDisposable
{
    private GrantSession(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public static async Task<GrantSession> OpenAsync(GrantLogins logins, SandboxOptions options, GrantRoles roles, CancellationToken cancellationToken)
    {
        var connection = logins.CreateConnection(roles.LoginRole);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            await connection.DisposeAsync();
            // The login role's VALID UNTIL is the grant's expiry: PostgreSQL itself refuses a grant that ran out.
            throw new SandboxAccessDeniedException("grant-expired", $"Grant {roles.GrantId} has ended: the sandbox no longer accepts its login.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
        {
            await connection.DisposeAsync();
            throw new SandboxQueryException(new SandboxQueryFailure(FailureKind.ResourceLimit, "Too many concurrent queries",
                $"Grant {roles.GrantId} already runs {options.ConnectionsPerGrant} queries at once; wait for one to finish.", e.SqlState), e);
        }
        try
        {
            // Repeatable read: an aggregation's groups and its suppressed count come from one snapshot.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var timeout = (long)options.StatementTimeout.TotalMilliseconds;
            var searchPath = roles.Schemas.Count == 0
                ? "''"
                : string.Join(", ", roles.Schemas.OrderByDescending(s => s, StringComparer.Ordinal).Select(SandboxNames.Quote));
            // Only settings an unprivileged role may change are set here (temp_file_limit is a role default, see
            // SandboxRoles); parallel workers are off because each would get its own work_mem.
            await using var setup = new NpgsqlCommand(
                "SET TRANSACTION READ ONLY; " +
                $"SET LOCAL statement_timeout = {timeout}; SET LOCAL lock_timeout = {timeout}; " +
                $"SET LOCAL idle_in_transaction_session_timeout = {timeout * 3}; " +
                $"SET LOCAL work_mem = '{options.WorkMem}'; SET LOCAL hash_mem_multiplier = 1; " +
                "SET LOCAL max_parallel_workers_per_gather = 0; " +
                $"SET LOCAL search_path = {searchPath}; " +
                $"SET LOCAL ROLE {SandboxNames.Quote(roles.GrantRole)}",
                connection, transaction);
            await setup.ExecuteNonQueryAsync(cancellationToken);
            return new GrantSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
