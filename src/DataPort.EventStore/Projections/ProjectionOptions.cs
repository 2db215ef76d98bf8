namespace DataPort.EventStore.Projections;

/// <summary>How the daemon polls; bound from <c>EventStore:Projections</c>.</summary>
public sealed class ProjectionOptions
{
    public const string Section = "EventStore:Projections";

    public int BatchSize { get; set; } = 500;

    /// <summary>Pause after a poll that found nothing new.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a standby daemon tries to take over a projection.</summary>
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one poll waits for open transactions that hold a gap before returning what is before it.</summary>
    public TimeSpan GapWait { get; set; } = TimeSpan.FromSeconds(1);
}
