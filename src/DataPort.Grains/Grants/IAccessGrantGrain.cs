using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using Orleans;

namespace DataPort.Grains.Grants;

/// <summary>The grant as it stood when a use was checked, the use as the grant resolved it, and the decision for it.</summary>
public sealed record GrantUseCheck(Versioned<AccessGrant> Grant, GrantUse Use, AuthorizationDecision Decision);

/// <summary>
/// How many allowed uses of one grant may run at once across the cluster, and how long an allowed use that never reports
/// back (its node died) keeps its place among them.
/// </summary>
public sealed record UseLimits(int AtOnce, TimeSpan Lease);

/// <summary>One 授权, keyed by its grant id.</summary>
public interface IAccessGrantGrain : IGrainWithStringKey
{
    Task<Versioned<AccessGrant>?> GetAsync();

    Task<Versioned<AccessGrant>> ExecuteAsync(GrantCommand command, long? expectedVersion = null);

    /// <summary>Whether <paramref name="use"/> is allowed now, on the latest state; records nothing.</summary>
    Task<AuthorizationDecision> AuthorizeAsync(GrantUse use, DateTimeOffset now);

    /// <summary>
    /// The check before a use: null when there is no such grant or <paramref name="by"/> does not hold it (the caller
    /// learns nothing of other organisations' grants). A refusal of a holder is recorded on the grant's stream in this
    /// same call; a use that is allowed is recorded once it has run (<see cref="RecordUsage"/>). With
    /// <paramref name="limits"/>, a use beyond the grant's uses at once is <see cref="Busy"/>, and not recorded.
    /// </summary>
    Task<GrantUseCheck?> CheckUseAsync(UseRequest request, Caller by, string? queryHash, DateTimeOffset now, UseLimits? limits = null);
}
