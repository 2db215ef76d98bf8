using JasperFx.Events;
using Marten;

namespace DataPort.Testing;

public static class EventStreams
{
    /// <summary>Every event of <paramref name="streamId"/> as Marten reads it back, oldest first; empty when there is no such stream.</summary>
    public static async Task<IReadOnlyList<IEvent>> ReadStreamAsync(this IDocumentStore store, string streamId)
    {
        await using var session = store.QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }
}
