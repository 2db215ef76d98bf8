namespace DataPort.EventStore;

/// <summary>How Marten's async daemon polls; bound from <c>EventStore:Daemon</c>. Marten's defaults unless set.</summary>
public sealed class DaemonOptions
{
    public const string Section = "EventStore:Daemon";

    /// <summary>How often the high-water mark is looked for while events keep coming.</summary>
    public TimeSpan FastPolling { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often it is looked for while the log is quiet.</summary>
    public TimeSpan SlowPolling { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a standby node tries to take over the daemon (hot/cold), so how long a dead leader's work waits.</summary>
    public TimeSpan LeadershipPolling { get; set; } = TimeSpan.FromSeconds(5);
}
