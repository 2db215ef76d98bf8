using DataPort.Jobs;
using DataPort.Trading.Usage;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The usage roll-up's port into trading, which owns the buckets (statements bill from them). The jobs module
/// must not reference trading, so the host adapts one to the other, as for the grant-expiry sweep.
/// </summary>
internal sealed class UsageRollupBridge(HourlyUsage usage) : IUsageRollup
{
    public Task<IReadOnlySet<DateTimeOffset>> RolledUpHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        usage.RolledUpHoursAsync(from, to, cancellationToken);

    public Task<long> RollUpHourAsync(DateTimeOffset hourStart, CancellationToken cancellationToken) =>
        usage.RollUpHourAsync(hourStart, cancellationToken);
}
