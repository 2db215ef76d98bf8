using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataPort.Sandbox.Database;

/// <summary>
/// The database the sandbox's data lives in: the masked releases (one <c>sbx_</c> schema per dataset version) and the
/// sandbox's bookkeeping of them, nothing of the platform's. Grant roles log in here and only here, so no platform
/// schema can even be named from a grant role. By default it is the platform database's name with <c>_sandbox</c>
/// appended, on the same server, created on first start; <c>ConnectionStrings:Sandbox</c> may name another.
/// </summary>
/// <remarks>
/// Prepared once per process (<see cref="PrepareAsync"/>): created if missing, its bookkeeping schema made, and — when
/// it is a database of its own and the application connects as a superuser — locked down so that grant roles can call
/// only the functions a sandbox query may use (<see cref="Queries.QueryPlanCheck.AllowedFunctions"/>, which covers DataPort's
/// own aggregation SQL too): a function that is not allowed cannot run
/// at planning time or any time. A database shared with the platform (tests that want one database) is never locked
/// down, and the platform database stops accepting logins from anyone but its owner and superusers.
/// </remarks>
public sealed partial class SandboxDatabase : IAsyncDisposable
{
    private readonly string platformConnectionString;
    private readonly ILogger logger;
    private readonly SemaphoreSlim preparing = new(1, 1);
    private bool prepared;

    public SandboxDatabase(string sandboxConnectionString, string platformConnectionString, ILogger<SandboxDatabase> logger)
    {
        ConnectionString = sandboxConnectionString;
        this.platformConnectionString = platformConnectionString;
        this.logger = logger;
        DataSource = NpgsqlDataSource.Create(sandboxConnectionString);
        var sandbox = new NpgsqlConnectionStringBuilder(sandboxConnectionString);
        var platform = new NpgsqlConnectionStringBuilder(platformConnectionString);
        Separate = !(string.Equals(sandbox.Host, platform.Host, StringComparison.OrdinalIgnoreCase) && sandbox.Port == platform.Port
            && string.Equals(sandbox.Database, platform.Database, StringComparison.Ordinal));
    }

    /// <summary>The sandbox database's connection string, as the application connects (grant logins replace the user).</summary>
    public string ConnectionString { get; }

    /// <summary>Connections as the application, for loading releases and managing grant roles.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Whether the sandbox has a database of its own (the default), rather than sharing the platform's.</summary>
    public bool Separate { get; }

    /// <summary>The connection string of the sandbox database for a platform connection string: the same server, <c>NAME_sandbox</c>.</summary>
    public static string DefaultFor(string platformConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(platformConnectionString);
        builder.Database = (builder.Database ?? builder.Username ?? "dataport") + "_sandbox";
        return builder.ConnectionString;
    }

    /// <summary>Creates the database if missing, its bookkeeping and, where it may, its lock-down; once per process.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        if (prepared)
        {
            return;
        }
        await preparing.WaitAsync(cancellationToken);
        try
        {
            if (prepared)
            {
                return;
            }
            if (Separate)
            {
                await CreateIfMissingAsync(cancellationToken);
            }
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('dataport-sandbox-database'))", cancellationToken);
            await ExecuteAsync(connection, transaction, SandboxSchemaSql.Bookkeeping, cancellationToken);
            var superuser = (bool)(await new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection, transaction)
                .ExecuteScalarAsync(cancellationToken))!;
            if (Separate && superuser)
            {
                await ExecuteAsync(connection, transaction, SandboxSchemaSql.LockDown(Queries.QueryPlanCheck.AllowedFunctions), cancellationToken);
            }
            else if (Separate)
            {
                LogNotLockedDown(logger, connection.Database);
            }
            await transaction.CommitAsync(cancellationToken);
            if (Separate)
            {
                await CloseThePlatformDatabaseAsync(cancellationToken);
            }
            prepared = true;
        }
        finally
        {
            preparing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        preparing.Dispose();
    }

    private async Task CreateIfMissingAsync(CancellationToken cancellationToken)
    {
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        // CREATE DATABASE cannot run inside the database it creates: the platform database's server is the same one.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Database = new NpgsqlConnectionStringBuilder(platformConnectionString).Database,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        exists.Parameters.Add(new() { Value = name });
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {SandboxNames.Quote(name)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            LogCreated(logger, name);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment.
        }
    }

    // Grant roles log in to the sandbox database only; the platform database keeps its owner and superusers.
    private async Task CloseThePlatformDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(platformConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var revoke = new NpgsqlCommand(
            $"REVOKE CONNECT ON DATABASE {SandboxNames.Quote(connection.Database)} FROM PUBLIC", connection);
        try
        {
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            LogPlatformStillOpen(logger, connection.Database);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the sandbox database {Database}")]
    private static partial void LogCreated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox database {Database} is not locked down: the application does not connect as a " +
        "superuser. Run the lock-down of docs/sandbox.md as one, or grant roles can call every function PUBLIC may.")]
    private static partial void LogNotLockedDown(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke CONNECT on the platform database {Database} from PUBLIC: revoke it as its owner.")]
    private static partial void LogPlatformStillOpen(ILogger logger, string database);
}
