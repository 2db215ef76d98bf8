using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using DataPort.Grains.Runtime;

namespace DataPort.Grains.Grants;

/// <summary>One 授权, keyed by its grant id.</summary>
public interface IAccessGrantGrain : IGrainWithStringKey
{
    Task<Versioned<AccessGrant>?> GetAsync();

    Task<Versioned<AccessGrant>> ExecuteAsync(GrantCommand command, long? expectedVersion = null);

    /// <summary>Whether <paramref name="use"/> is allowed now, on the latest state; records nothing.</summary>
    Task<AuthorizationDecision> AuthorizeAsync(GrantUse use, DateTimeOffset now);
}
