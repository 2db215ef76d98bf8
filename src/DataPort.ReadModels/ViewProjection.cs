using DataPort.EventStore.Projections;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DataPort.ReadModels;

/// <summary>
/// A view of one stream: made from the stream's first event (<typeparamref name="TFirst"/>), then moved by each of
/// its events (<typeparamref name="TEvent"/>). Keyed by the stream's key, as the ledger names it.
/// </summary>
/// <remarks>
/// Marten reads methods named <c>Create</c> or <c>Apply</c> on a projection as its handlers, which may not sit beside
/// <see cref="Evolve"/>: hence <see cref="First"/> and <see cref="Next"/>.
/// </remarks>
internal abstract class ViewProjection<TView, TFirst, TEvent> : SingleStreamProjection<TView, string>
    where TView : class
    where TFirst : TEvent
{
    protected ViewProjection(string name)
    {
        Name = name;
        this.IncludeAll<TEvent>();
    }

    public sealed override TView Evolve(TView? view, string streamKey, IEvent e) => view is null
        ? First(streamKey, e.Data is TFirst first ? first : throw new InvalidOperationException(
            $"Stream {streamKey} does not start with {typeof(TFirst).Name}; Marten stops {Name} on it."))
        : Next(view, (TEvent)e.Data);

    protected abstract TView First(string streamKey, TFirst first);

    protected abstract TView Next(TView view, TEvent e);
}
