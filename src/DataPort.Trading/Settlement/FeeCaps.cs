using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.EventStore;
using Marten;
using Microsoft.Extensions.Options;

namespace DataPort.Trading.Settlement;

/// <summary>
/// The operator's public-data fee cap, kept as the stream <c>platform-fee-cap</c> so every change is in the
/// history; until the first change the configured default applies.
/// </summary>
public sealed class FeeCaps(IDocumentStore store, EventWriter writer, IOptions<TradingOptions> options)
{
    public const string StreamId = "platform-fee-cap";

    public async Task<Money> CurrentAsync(CancellationToken cancellationToken) => (await CurrentWithEntryAsync(cancellationToken)).Cap;

    /// <summary>The cap and the ledger position of the event that set it (null while the configured default applies).</summary>
    public async Task<(Money Cap, long? Position)> CurrentWithEntryAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamId, token: cancellationToken);
        return events.Count == 0
            ? (Money.FromFen(options.Value.DefaultPublicDataFeeCapFen), null)
            : (((PublicDataFeeCapSet)events[^1].Data).Cap, events[^1].Sequence);
    }

    public async Task<PublicDataFeeCapSet> SetAsync(Caller by, long capFen, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var set = FeeCap.Set(by, capFen, reason, at);
        await writer.AppendAsync(StreamId, expectedVersion: null, [set], new EventMetadata(by.Id), cancellationToken);
        return set;
    }
}
