namespace DataPort.EventStore.Ledger;

/// <summary>
/// Which subjects (event streams: <c>organisation-…</c>, <c>asset-…</c>, <c>dataset-…</c>, <c>grant-…</c>, <c>order-…</c>) an
/// organisation is a party to: its own, the assets and datasets it owns, the grants it holds or granted, the orders it
/// bought or sold in. The ledger
/// view filters by organisation with it, and shows an organisation its own records and no one else's. The host
/// provides it from the read models, which the event store must not know.
/// </summary>
public interface ILedgerParties
{
    Task<IReadOnlyList<string>> StreamsOfAsync(string organisationId, CancellationToken cancellationToken);
}
