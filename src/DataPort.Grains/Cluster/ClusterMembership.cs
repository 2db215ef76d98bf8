using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace DataPort.Grains.Cluster;

public static class ClusterMembership
{
    /// <summary>
    /// Silos find each other through DataPort's PostgreSQL (<see cref="PostgresMembershipTable"/>): the database every
    /// process already shares is the one thing a new node needs to know. Needs <c>AddDataPortDatabase</c>.
    /// </summary>
    public static ISiloBuilder UseDataPortMembership(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        return silo;
    }
}
