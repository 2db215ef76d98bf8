using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Credentials of the per-grant login roles. Each grant logs in as its own role, member of its own grant
/// role only: a shared login role that is member of every grant role would let user SQL switch grants
/// mid-statement with <c>set_config('role', …)</c> and read another grant's data through a function that
/// runs SQL text (<c>query_to_xml</c>). Passwords are derived, so nothing secret is stored in the database.
/// </summary>
public sealed class GrantLogins(SandboxOptions options)
{
    // One unpooled data source per login: it holds no connections, only how to make one.
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> sources = new(StringComparer.Ordinal);

    /// <summary>
    /// A new, unopened connection as the grant's login role. Npgsql does not load types from the server for it: a
    /// locked-down sandbox database lets grant roles call few catalog functions (not even <c>version()</c>), and the
    /// sandbox's column types are all built in, which Npgsql knows without asking.
    /// </summary>
    public NpgsqlConnection CreateConnection(string loginRole) =>
        sources.GetOrAdd(loginRole, role =>
        {
            var builder = new NpgsqlDataSourceBuilder(ConnectionStringFor(role));
            builder.ConfigureTypeLoading(loading => loading.EnableTypeLoading(false));
            return builder.Build();
        }).CreateConnection();

    public static string Password(string secret, string loginRole) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("sandbox-login:" + loginRole)));

    public string PasswordFor(string loginRole) => Password(options.LoginSecret!, loginRole);

    /// <summary>
    /// A connection string that logs in as the grant's login role. Unpooled: a pooled connection would outlive
    /// a role that is dropped, and session state (advisory locks, settings) must never carry to the next query.
    /// </summary>
    public string ConnectionStringFor(string loginRole) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Username = loginRole,
            Password = PasswordFor(loginRole),
            Pooling = false,
            ApplicationName = "dataport-sandbox",
            Timeout = 15,
        }.ConnectionString;
}
