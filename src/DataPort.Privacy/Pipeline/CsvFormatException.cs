namespace DataPort.Privacy.Pipeline;

/// <summary>The input is not well-formed CSV; <see cref="Line"/> is the 1-based physical line where it breaks.</summary>
public sealed class CsvFormatException(long line, string problem) : Exception($"malformed CSV at line {line}: {problem}")
{
    public long Line { get; } = line;
}
