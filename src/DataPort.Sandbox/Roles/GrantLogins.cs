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
