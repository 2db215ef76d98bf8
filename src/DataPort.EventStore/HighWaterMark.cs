using DataPort.Database;
using Marten;
using Npgsql;

namespace DataPort.EventStore;

/// <summary>
/// Marten's high-water mark: the position below which every event has committed or never will. The async daemon
/// moves it on whichever node leads; a process without the daemon (the CLI, a test) moves it with
/// <see cref="AdvanceAsync"/> before it reads up to it.
/// </summary>
public static class HighWaterMark
{
    /// <summary>
    /// Detects the mark and stores it, waiting up to <paramref name="maxWait"/> (default 10 s) for transactions still
    /// in flight below the newest event. Returns false when one was still open then: the mark stays below it.
    /// </summary>
    public static async Task<bool> AdvanceAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        using var store = new DocumentStore(EventStoreSchema.CreateOptions(dataSource));
        using var daemon = await store.BuildProjectionDaemonAsync();
        // Marten keeps waiting for a transaction that holds a gap (for minutes, whatever timeout it is given) rather
        // than skip it: stop waiting ourselves. What it stored meanwhile stays, below the open transaction.
        var caughtUp = daemon.CatchUpAsync(cancellationToken);
        if (await Task.WhenAny(caughtUp, Task.Delay(maxWait ?? TimeSpan.FromSeconds(10), cancellationToken)) == caughtUp)
        {
            await caughtUp;
            return true;
        }
        _ = caughtUp.ContinueWith(abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted);
        await daemon.StopAllAsync();
        return false;
    }
}
