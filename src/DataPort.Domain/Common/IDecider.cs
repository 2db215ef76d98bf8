namespace DataPort.Domain.Common;

/// <summary>
/// One grain's pure logic: what a command produces given the state, and how an event changes the state.
/// A grain needs nothing else, so deciders stay pure and free of Orleans, and their tests need no cluster.
/// </summary>
public interface IDecider<TState, in TCommand, TEvent>
    where TState : class
{
    /// <summary>The events the command produces; throws a <see cref="DomainException"/> to refuse it.</summary>
    IReadOnlyList<TEvent> Decide(TState? state, TCommand command);

    /// <summary>The state after the event; <paramref name="state"/> is null before the first event.</summary>
    TState Evolve(TState? state, TEvent @event);
}
