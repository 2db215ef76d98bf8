using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Credentials and connection pools of the per-grant login roles. Each grant logs in as its own role, member of its
/// own grant role only: a shared login role that is member of every grant role would let user SQL switch grants
/// mid-statement with <c>set_config('role', …)</c> and read another grant's data through a function that runs SQL
/// text (<c>query_to_xml</c>). Passwords are derived, so nothing secret is stored in the database.
/// </summary>
/// <remarks>
/// Each login has its own small pool. Logging in costs a SCRAM exchange (tens of milliseconds, most of a short
/// query's time), and a pooled connection is safe to reuse because it never leaves its grant: its login role can
/// only ever become that grant's role. Npgsql resets a returned connection (<c>DISCARD ALL</c>: settings, locks,
/// temporary tables, prepared statements), every query runs in a transaction that is rolled back, and the pool holds
/// no more connections than the role's <c>CONNECTION LIMIT</c>. Revoking a grant terminates its sessions on every
/// node and drops its pool here; a node that still holds a terminated connection opens a new one
/// (<see cref="GrantSession"/>), and its login then fails because the role is gone.
/// </remarks>
public sealed class GrantLogins(SandboxOptions options)
{
    // An idle connection closes after this long. Short, because the role's CONNECTION LIMIT counts across every node:
    // connections one node keeps idle are slots another node cannot open (GrantSession waits out that much).
    public const int IdleSeconds = 2;

    private readonly ConcurrentDictionary<string, NpgsqlDataSource> sources = new(StringComparer.Ordinal);

    /// <summary>
    /// A connection as the grant's login role, from its pool. Npgsql does not load types from the server for it: a
    /// locked-down sandbox database lets grant roles call few catalog functions (not even <c>version()</c>), and the
    /// sandbox's column types are all built in, which Npgsql knows without asking.
    /// </summary>
    public NpgsqlConnection CreateConnection(string loginRole) =>
        sources.GetOrAdd(loginRole, role =>
        {
            var builder = new NpgsqlDataSourceBuilder(PooledConnectionStringFor(role));
            builder.ConfigureTypeLoading(loading => loading.EnableTypeLoading(false));
            return builder.Build();
        }).CreateConnection();

    /// <summary>Closes the login's idle connections and forgets its pool: its role was dropped or its sessions ended.</summary>
    public void Forget(string loginRole)
    {
        if (sources.TryRemove(loginRole, out var source))
        {
            source.Dispose();
        }
    }

    public static string Password(string secret, string loginRole) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("sandbox-login:" + loginRole)));

    public string PasswordFor(string loginRole) => Password(options.LoginSecret!, loginRole);

    /// <summary>An unpooled connection string that logs in as the grant's login role, for tools and tests.</summary>
    public string ConnectionStringFor(string loginRole) =>
        new NpgsqlConnectionStringBuilder(PooledConnectionStringFor(loginRole)) { Pooling = false }.ConnectionString;

    private string PooledConnectionStringFor(string loginRole) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Username = loginRole,
            Password = PasswordFor(loginRole),
            Pooling = true,
            MinPoolSize = 0,
            MaxPoolSize = options.ConnectionsPerGrant,
            ConnectionIdleLifetime = IdleSeconds,
            ConnectionPruningInterval = 1,
            // A statement Npgsql prepared by itself keeps the result formats of its first run and ignores the text
            // formats asked for later (ResultValues): a platform connection string's auto-prepare must not reach here.
            MaxAutoPrepare = 0,
            ApplicationName = "dataport-sandbox",
            Timeout = 15,
        }.ConnectionString;
}
