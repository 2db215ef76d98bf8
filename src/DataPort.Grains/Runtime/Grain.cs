namespace DataPort.Grains.Runtime;

/// <summary>
/// Base of grain implementations. The runtime creates one per activation (with DI), sets its key, and calls
/// <see cref="OnActivateAsync"/> before the first call and <see cref="OnDeactivateAsync"/> when collected;
/// no two calls on one activation ever overlap, so implementations need no locks.
/// </summary>
public abstract class Grain
{
    /// <summary>The key this activation was created for (Orleans' <c>this.GetPrimaryKeyString()</c>).</summary>
    public string PrimaryKey { get; internal set; } = "";

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
