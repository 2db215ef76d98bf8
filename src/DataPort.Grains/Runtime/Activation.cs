namespace DataPort.Grains.Runtime;

/// <summary>One live grain instance and its mailbox: a one-slot semaphore makes its calls take turns.</summary>
internal sealed class Activation(GrainId id, Grain grain, long now)
{
    public GrainId Id { get; } = id;

    public Grain Grain { get; } = grain;

    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>Set once <see cref="Grain.OnActivateAsync"/> has completed.</summary>
    public bool Activated { get; set; }

    /// <summary>Set (inside a turn) when the activation left the directory; late callers then look again.</summary>
    public bool Deactivated { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last call's end.</summary>
    public long LastUsed { get; set; } = now;

    /// <summary>Calls in progress or waiting; an activation with callers is never idle.</summary>
    public int Callers;

    public LinkedListNode<Activation>? LruNode { get; set; }
}

internal readonly record struct GrainId(Type Interface, string Key)
{
    public override string ToString() => $"{Interface.Name}/{Key}";
}
