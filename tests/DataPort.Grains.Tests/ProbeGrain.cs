using System.Collections.Concurrent;
using DataPort.Grains.Runtime;

namespace DataPort.Grains.Tests;

public interface IProbeGrain : IGrainWithStringKey
{
    Task EnterAsync(int ticket);

    Task<IReadOnlyList<int>> LogAsync();

    Task<int> MaxConcurrencyAsync();

    Task<Guid> InstanceAsync();

    Task FailAsync();
}

/// <summary>Records how many calls were inside it at once and in what order they ran.</summary>
public sealed class ProbeGrain : Grain, IProbeGrain
{
    public static readonly ConcurrentDictionary<Guid, int> Deactivations = new();

    private readonly Guid instance = Guid.NewGuid();
    private readonly List<int> log = [];
    private int inside;
    private int maxInside;

    public async Task EnterAsync(int ticket)
    {
        var now = Interlocked.Increment(ref inside);
        maxInside = Math.Max(maxInside, now);
        await Task.Delay(5);
        log.Add(ticket);
        Interlocked.Decrement(ref inside);
    }

    public Task<IReadOnlyList<int>> LogAsync() => Task.FromResult<IReadOnlyList<int>>([.. log]);

    public Task<int> MaxConcurrencyAsync() => Task.FromResult(maxInside);

    public Task<Guid> InstanceAsync() => Task.FromResult(instance);

    public Task FailAsync() => throw new InvalidOperationException("probe failure");

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        Deactivations.AddOrUpdate(instance, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
