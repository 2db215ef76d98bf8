using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Runtime;

/// <summary>
/// The silo of one process: a directory with at most one activation per grain id, bounded in size (least
/// recently used evicted first) and swept of idle activations. Several processes may each hold an activation
/// of the same grain; the event-sourced grains stay consistent through expected-version appends.
/// </summary>
public sealed partial class GrainRuntime(
    IServiceProvider services, IOptions<GrainOptions> options, IOptions<GrainCatalog> catalog, TimeProvider time, ILogger<GrainRuntime> logger)
    : IGrainFactory
{
    private readonly Lock directoryLock = new();
    private readonly Dictionary<GrainId, Activation> directory = [];
    private readonly LinkedList<Activation> recency = new();

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(primaryKey);
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy).Bind(this, new GrainId(typeof(TGrainInterface), primaryKey));
        return proxy;
    }

    /// <summary>How many activations this process holds now.</summary>
    public int ActivationCount
    {
        get
        {
            lock (directoryLock)
            {
                return directory.Count;
            }
        }
    }

    public bool IsActive<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
    {
        lock (directoryLock)
        {
            return directory.ContainsKey(new GrainId(typeof(TGrainInterface), primaryKey));
        }
    }

    internal async Task<T> InvokeAsync<T>(GrainId id, Func<Grain, Task<T>> call)
    {
        while (true)
        {
            var activation = Enter(id);
            try
            {
                await activation.Turn.WaitAsync();
                try
                {
                    if (activation.Deactivated)
                    {
                        continue; // collected while we waited: the next lookup creates a fresh activation
                    }
                    if (!activation.Activated)
                    {
                        await ActivateAsync(activation);
                    }
                    return await call(activation.Grain);
                }
                finally
                {
                    activation.LastUsed = time.GetTimestamp();
                    activation.Turn.Release();
                }
            }
            finally
            {
                Interlocked.Decrement(ref activation.Callers);
            }
        }
    }

    private async Task ActivateAsync(Activation activation)
    {
        try
        {
            await activation.Grain.OnActivateAsync(CancellationToken.None);
            activation.Activated = true;
            LogActivated(logger, activation.Id);
        }
        catch
        {
            // A grain that cannot load (e.g. the database is down) must not stay in the directory half-built.
            activation.Deactivated = true;
            Remove(activation);
            throw;
        }
    }

    private Activation Enter(GrainId id)
    {
        List<Activation> evicted = [];
        Activation activation;
        lock (directoryLock)
        {
            if (directory.TryGetValue(id, out var existing))
            {
                activation = existing;
                recency.Remove(existing.LruNode!);
                recency.AddFirst(existing.LruNode!);
            }
            else
            {
                var grain = (Grain)ActivatorUtilities.CreateInstance(services, catalog.Value.ImplementationOf(id.Interface));
                grain.PrimaryKey = id.Key;
                activation = new Activation(id, grain, time.GetTimestamp());
                activation.LruNode = recency.AddFirst(activation);
                directory[id] = activation;
                while (directory.Count > options.Value.MaxActivations)
                {
                    var victim = recency.Last!.Value;
                    RemoveLocked(victim);
                    evicted.Add(victim);
                }
            }
            Interlocked.Increment(ref activation.Callers);
        }
        foreach (var victim in evicted)
        {
            LogEvicted(logger, victim.Id);
            _ = DeactivateAsync(victim);
        }
        return activation;
    }

    /// <summary>Deactivates every activation idle for longer than the configured time; returns how many.</summary>
    public int CollectIdle()
    {
        var now = time.GetTimestamp();
        var idleTimeout = options.Value.IdleTimeout;
        List<Activation> idle;
        lock (directoryLock)
        {
            idle = directory.Values
                .Where(a => Volatile.Read(ref a.Callers) == 0 && time.GetElapsedTime(a.LastUsed, now) >= idleTimeout)
                .ToList();
            foreach (var activation in idle)
            {
                RemoveLocked(activation);
            }
        }
        foreach (var activation in idle)
        {
            LogCollected(logger, activation.Id);
            _ = DeactivateAsync(activation);
        }
        return idle.Count;
    }

    /// <summary>Removes an activation; a call already running finishes its turn first.</summary>
    private async Task DeactivateAsync(Activation activation)
    {
        await activation.Turn.WaitAsync();
        try
        {
            activation.Deactivated = true;
            if (activation.Activated)
            {
                await activation.Grain.OnDeactivateAsync(CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            LogDeactivationFailed(logger, activation.Id, e);
        }
        finally
        {
            activation.Turn.Release();
        }
    }

    private void Remove(Activation activation)
    {
        lock (directoryLock)
        {
            RemoveLocked(activation);
        }
    }

    private void RemoveLocked(Activation activation)
    {
        if (directory.TryGetValue(activation.Id, out var current) && ReferenceEquals(current, activation))
        {
            directory.Remove(activation.Id);
            recency.Remove(activation.LruNode!);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activated grain {GrainId}")]
    private static partial void LogActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted grain {GrainId}: the activation limit was reached")]
    private static partial void LogEvicted(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated idle grain {GrainId}")]
    private static partial void LogCollected(ILogger logger, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivating grain {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);
}
