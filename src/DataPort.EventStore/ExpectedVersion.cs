namespace DataPort.EventStore;

/// <summary>
/// What the writer believes the stream's version is: exactly <c>n</c> (its last event's version),
/// "the stream does not exist yet", or "any" (no check). Versions start at 1.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;
    private const long NoStreamValue = 0;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>The encoding <c>events.append</c> takes: -1 any, 0 no stream, n exact.</summary>
    internal long Value { get; }

    public static ExpectedVersion Any { get; } = new(AnyValue);

    public static ExpectedVersion NoStream { get; } = new(NoStreamValue);

    /// <summary>The stream must be at exactly <paramref name="version"/>; 0 means "no stream".</summary>
    public static ExpectedVersion Exact(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is 0 (no stream) or more.");

    public bool IsAny => Value == AnyValue;

    public bool IsNoStream => Value == NoStreamValue;

    public override string ToString() => Value switch
    {
        AnyValue => "any",
        NoStreamValue => "no stream",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
