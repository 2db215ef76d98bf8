namespace DataPort.Jobs;

/// <summary>What this node's scheduler is doing, shared by the hosted service and the run history listener.</summary>
public sealed class JobsLifecycle
{
    private int running;

    /// <summary>This node's id in the Quartz cluster.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Set before the scheduler is asked to stop, so a cancelled firing is read as handed back, not failed.</summary>
    public bool ShuttingDown { get; internal set; }

    /// <summary>Jobs executing on this node now.</summary>
    public int Running => Volatile.Read(ref running);

    internal void Started() => Interlocked.Increment(ref running);

    internal void Finished() => Interlocked.Decrement(ref running);
}
