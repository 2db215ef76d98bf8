using DataPort.ReadModels.Datasets;
using DataPort.ReadModels.Grants;
using Marten;

namespace DataPort.ReadModels;

/// <summary>
/// Fills an inline view that is new to a database holding history: inline projections only see appends made
/// after they exist, so <c>dataport db migrate</c> replays the streams into them once. (The asynchronous asset view
/// needs no help: a projection new to Marten's daemon starts from the first event.)
/// </summary>
public static class ReadModelRebuilds
{
    private static readonly TimeSpan MostQuietTime = TimeSpan.FromMinutes(5);

    /// <summary>Rebuilds each inline view whose table is empty while its streams have events; returns the views rebuilt.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        List<string> due = [];
        await using (var session = store.QuerySession())
        {
            if (await IsNewAsync<DatasetView>(session, "dataset-", cancellationToken))
            {
                due.Add(ReadModelSchema.DatasetViews);
            }
            if (await IsNewAsync<GrantView>(session, "grant-", cancellationToken))
            {
                due.Add(ReadModelSchema.GrantViews);
            }
        }
        if (due.Count == 0)
        {
            return due;
        }
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var name in due)
        {
            // The timeout is how long the replay may go without progress, not how long it may take.
            await daemon.RebuildProjectionAsync(name, MostQuietTime, cancellationToken);
        }
        return due;
    }

    private static async Task<bool> IsNewAsync<TView>(IQuerySession session, string streamPrefix, CancellationToken cancellationToken)
        where TView : notnull
    {
        if (await session.Query<TView>().AnyAsync(cancellationToken))
        {
            return false;
        }
        var any = await session.QueryAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams WHERE id LIKE ?)",
            cancellationToken, streamPrefix + "%");
        return any[0];
    }
}
