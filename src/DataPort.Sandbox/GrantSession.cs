using System.Data;
using DataPort.Domain.Grants;
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
        var waited = TimeSpan.Zero;
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await OpenOnceAsync(logins, options, roles, cancellationToken);
            }
            catch (Exception e) when (IsEndedByServer(e))
            {
                // A pooled connection whose session the server ended (a revocation elsewhere terminated the login's
                // sessions, or a restart): every idle one of that pool is as dead, so start the pool again.
                logins.Forget(roles.LoginRole);
                return await OpenOnceAsync(logins, options, roles, cancellationToken);
            }
            catch (SandboxQueryException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.TooManyConnections }
                                                  && waited < SlotWait)
            {
                // The grant's connection limit counts every node's connections, idle pooled ones too; those close
                // within GrantLogins.IdleSeconds, so a short wait usually finds a slot.
                await Task.Delay(pause, cancellationToken);
                waited += pause;
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
            }
        }
    }

    /// <summary>How long a use waits for a connection slot its grant holds on other nodes before it is refused.</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(GrantLogins.IdleSeconds + 2);

    /// <summary>The outcome recorded for a use that never reached the database (no slot, no login): it costs no quota.</summary>
    public static readonly string NotRun = UseOutcomes.Denied("not-run");

    private static async Task<GrantSession> OpenOnceAsync(GrantLogins logins, SandboxOptions options, GrantRoles roles, CancellationToken cancellationToken)
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
        catch (Exception e) when (e is PostgresException { SqlState: PostgresErrorCodes.TooManyConnections }
                                  || (e is NpgsqlException && e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested))
        {
            // The role's connection limit across all nodes, or this node's pool for the grant stayed full while we waited.
            await connection.DisposeAsync();
            throw new SandboxQueryException(new SandboxQueryFailure(FailureKind.ResourceLimit, "Too many concurrent queries",
                $"Grant {roles.GrantId} already runs {options.ConnectionsPerGrant} queries at once; wait for one to finish.",
                PostgresErrorCodes.TooManyConnections), e);
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

    // 57P01 admin_shutdown is what pg_terminate_backend sends; an I/O failure is a socket the server already closed.
    private static bool IsEndedByServer(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown }
        || (e is NpgsqlException { InnerException: IOException or EndOfStreamException } and not PostgresException);

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
