using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using DataPort.Grains.Grants;
using DataPort.Grains.Runtime;

namespace DataPort.Sandbox.Grants;

/// <summary><see cref="IAccessGrants"/> over the grant grains: live state from the grain, usage as its RecordUsage command.</summary>
public sealed class GrainAccessGrants(IGrainFactory grains, TimeProvider time) : IAccessGrants
{
    public Task<Versioned<AccessGrant>?> GetAsync(string grantId, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IAccessGrantGrain>(grantId).GetAsync();

    public Task RecordUsageAsync(string grantId, GrantUse use, Caller by, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IAccessGrantGrain>(grantId).ExecuteAsync(new RecordUsage(grantId, use, by, time.GetUtcNow()));
}
