using DataPort.Sandbox.Grants;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Keeps one pair of PostgreSQL roles per live grant in step with the grant: created when it is issued,
/// narrowed or widened when it changes, dropped when it is suspended, revoked or expires. The grant-role
/// projection calls <see cref="SyncGrantAsync"/> and <see cref="DropGrantAsync(string, long, string, CancellationToken)"/>
/// on each grant event; the query path calls <see cref="EnsureCurrentAsync"/>, which costs one read when the
/// roles already match.
/// </summary>
public interface ISandboxRoles
{
    /// <summary>
    /// The grant's roles if they already match <paramref name="grant"/> and the loaded versions (one indexed read);
    /// otherwise a full <see cref="SyncGrantAsync"/>. Null when the grant is not live.
    /// </summary>
    Task<GrantRoles?> EnsureCurrentAsync(SandboxGrant grant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the roles match <paramref name="grant"/> (dropping them if the grant is not live). Returns null, and
    /// creates nothing, when the roles were dropped by an event newer than <paramref name="grant"/>'s version.
    /// </summary>
    Task<GrantRoles?> SyncGrantAsync(SandboxGrant grant, CancellationToken cancellationToken = default);

    /// <summary>Revokes everything from the grant's roles and drops them; a no-op if they do not exist.</summary>
    Task DropGrantAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the roles because of an event at <paramref name="grantVersion"/> of the grant's stream (suspended,
    /// revoked, expired), and remembers it so that a state read before that event cannot recreate them.
    /// </summary>
    Task DropGrantAsync(string grantId, long grantVersion, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the roles of every grant whose expiry has passed; returns how many. The grant-expiry sweep calls it
    /// after expiring the grants due, for roles whose grant never reached an expiry event (the grains down, a grant
    /// the directory does not list). PostgreSQL refuses their logins meanwhile anyway: VALID UNTIL is the expiry.
    /// </summary>
    Task<int> DropExpiredAsync(CancellationToken cancellationToken = default);
}

/// <summary>A grant's roles: the NOLOGIN role holding the column grants, and the login role that may only SET ROLE to it.</summary>
public sealed record GrantRoles(string GrantId, string GrantRole, string LoginRole, IReadOnlyList<string> Schemas);
