using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// Seals events into the ledger as soon as Marten's daemon hands them on (one node at a time, behind the high-water
/// mark), instead of waiting for the next periodic seal. Signing stays with the periodic seal: a checkpoint per page
/// would sign dozens a second under load. The page itself is only the signal; the sealer reads what it has not sealed,
/// so a page delivered twice seals nothing twice.
/// </summary>
internal sealed class LedgerSubscription : SubscriptionBase
{
    public const string SubscriptionName = "ledger-sealing";

    private readonly Func<LedgerSealer> sealer;

    public LedgerSubscription(Func<LedgerSealer> sealer)
    {
        Name = SubscriptionName;
        this.sealer = sealer;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        if (page.Events.Count > 0)
        {
            await sealer().SealEntriesAsync(cancellationToken);
        }
        return NullChangeListener.Instance;
    }
}
