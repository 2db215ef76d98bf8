using DataPort.Sandbox.Grants;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Keeps one pair of PostgreSQL roles per live grant in step with the grant: created when it is issued,
/// narrowed or widened when it changes, dropped when it is suspended, revoked or expires. Call
/// <see cref="SyncGrantAsync"/> on every grant event; the query path also calls it, so a missed event is
/// repaired before the next query runs.
/// </summary>
public interface ISandboxRoles
{
    /// <summary>Makes the roles match <paramref name="grant"/> (dropping them if the grant is not live).</summary>
    Task<GrantRoles?> SyncGrantAsync(SandboxGrant grant, CancellationToken cancellationToken = default);

    /// <summary>Revokes everything from the grant's roles and drops them; a no-op if they do not exist.</summary>
    Task DropGrantAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>Drops the roles of every grant whose expiry has passed (the expiry sweep); returns how many.</summary>
    Task<int> DropExpiredAsync(CancellationToken cancellationToken = default);
}

/// <summary>A grant's roles: the NOLOGIN role holding the column grants, and the login role that may only SET ROLE to it.</summary>
public sealed record GrantRoles(string GrantId, string GrantRole, string LoginRole, IReadOnlyList<string> Schemas);
