using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace DataPort.Grains.Cluster;

/// <summary>
/// A grain call that failed because the silo holding the grain went away (killed, or cut off): not the caller's fault
/// and not a bug. The cluster places the grain again within seconds (docs/scaling.md), so the call may be made again.
/// </summary>
public static class NodeLoss
{
    public static bool Caused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
            {
                return true;
            }
        }
        return false;
    }
}
