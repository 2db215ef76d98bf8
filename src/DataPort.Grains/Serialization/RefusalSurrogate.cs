using DataPort.Domain.Common;
using DataPort.Grains.EventSourcing;
using Orleans;

namespace DataPort.Grains.Serialization;

/// <summary>A refusal as it crosses a grain call: which one, why, and for a version conflict the versions involved.</summary>
[GenerateSerializer]
[Alias("dataport.refusal")]
public struct RefusalSurrogate
{
    [Id(0)]
    public string Message { get; init; }

    [Id(1)]
    public string? StreamId { get; init; }

    [Id(2)]
    public long? ExpectedVersion { get; init; }

    [Id(3)]
    public long ActualVersion { get; init; }
}

/// <summary>A domain refusal carries only its reason, so one shape serves them all.</summary>
public abstract class RefusalConverter<TRefusal> : IConverter<TRefusal, RefusalSurrogate>
    where TRefusal : DomainException
{
    public TRefusal ConvertFromSurrogate(in RefusalSurrogate surrogate) => Create(surrogate.Message);

    public RefusalSurrogate ConvertToSurrogate(in TRefusal value) => new() { Message = value.Message };

    protected abstract TRefusal Create(string reason);
}

[RegisterConverter]
public sealed class InvalidTransitionConverter : RefusalConverter<InvalidTransitionException>
{
    protected override InvalidTransitionException Create(string reason) => new(reason);
}

[RegisterConverter]
public sealed class InvalidInputConverter : RefusalConverter<InvalidInputException>
{
    protected override InvalidInputException Create(string reason) => new(reason);
}

[RegisterConverter]
public sealed class ForbiddenConverter : RefusalConverter<ForbiddenException>
{
    protected override ForbiddenException Create(string reason) => new(reason);
}

[RegisterConverter]
public sealed class NotFoundConverter : RefusalConverter<NotFoundException>
{
    protected override NotFoundException Create(string reason) => new(reason);
}

[RegisterConverter]
public sealed class GrainConcurrencyConverter : IConverter<GrainConcurrencyException, RefusalSurrogate>
{
    public GrainConcurrencyException ConvertFromSurrogate(in RefusalSurrogate surrogate) =>
        new(surrogate.StreamId ?? "", surrogate.ExpectedVersion, surrogate.ActualVersion, surrogate.Message);

    public RefusalSurrogate ConvertToSurrogate(in GrainConcurrencyException value) => new()
    {
        Message = value.Message, StreamId = value.StreamId, ExpectedVersion = value.ExpectedVersion, ActualVersion = value.ActualVersion,
    };
}
