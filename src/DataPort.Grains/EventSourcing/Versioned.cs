namespace DataPort.Grains.EventSourcing;

/// <summary>A grain's state and the stream version it reflects (the HTTP <c>ETag</c>).</summary>
public sealed record Versioned<TState>(TState State, long Version);
