using JasperFx.Events.Projections;

namespace DataPort.EventStore.Projections;

/// <summary>
/// Marten filters a projection's events by class, while the domain groups a stream's events by interface
/// (<c>IGrantEvent</c>). A projection lists the classes so it never loads an event type it cannot read.
/// </summary>
public static class EventClasses
{
    /// <summary><paramref name="type"/> itself, or for an interface every concrete class of its assembly that implements it.</summary>
    public static IEnumerable<Type> Of(Type type) => type.IsInterface
        ? type.Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(type))
        : [type];

    /// <summary>Lets <paramref name="projection"/> read every event class of <typeparamref name="TEvent"/>, and no other.</summary>
    public static void IncludeAll<TEvent>(this EventFilterable projection)
    {
        foreach (var type in Of(typeof(TEvent)))
        {
            projection.IncludeType(type);
        }
    }
}
