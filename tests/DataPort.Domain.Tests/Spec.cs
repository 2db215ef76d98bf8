using DataPort.Domain.Common;

namespace DataPort.Domain.Tests;

/// <summary>Given events, when a command, then events or a refusal: the decider is exercised exactly as a grain uses it.</summary>
public sealed class Spec<TState, TCommand, TEvent>(IDecider<TState, TCommand, TEvent> decider)
    where TState : class
{
    private TState? state;

    public Spec<TState, TCommand, TEvent> Given(params TEvent[] events)
    {
        foreach (var e in events)
        {
            state = decider.Evolve(state, e);
        }
        return this;
    }

    public TState? State => state;

    public IReadOnlyList<TEvent> When(TCommand command) => decider.Decide(state, command);

    /// <summary>Decides and applies, returning the single event produced and the new state.</summary>
    public (T Event, TState State) Then<T>(TCommand command) where T : TEvent
    {
        var events = When(command);
        var single = Assert.Single(events);
        var typed = Assert.IsType<T>(single);
        state = decider.Evolve(state, typed);
        return (typed, state);
    }

    public TException Refuses<TException>(TCommand command) where TException : DomainException
    {
        var error = Assert.Throws<TException>(() => When(command));
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        return error;
    }
}
