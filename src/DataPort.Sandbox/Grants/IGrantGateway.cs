namespace DataPort.Sandbox.Grants;

/// <summary>
/// The sandbox's narrow port to the live access grants. An adapter over the grains implements it with
/// <c>IAccessGrantGrain</c> and the domain's <c>Authorize(grant, use, now)</c>; until that lands,
/// <see cref="InMemoryGrantGateway"/> stands in.
/// </summary>
public interface IGrantGateway
{
    /// <summary>The live state of a grant, or null if there is no such grant.</summary>
    Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>The grant owner's decision for this use right now (suspension, expiry, quota, scope).</summary>
    Task<SandboxDecision> AuthorizeAsync(SandboxGrant grant, SandboxUse use, CancellationToken cancellationToken = default);

    /// <summary>Consumes one unit of quota for a use that ran (whatever its outcome, so failures are metered too).</summary>
    Task ConsumeAsync(SandboxGrant grant, SandboxUse use, long rows, CancellationToken cancellationToken = default);
}
