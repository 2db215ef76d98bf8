namespace DataPort.Tabular.Csv;

/// <summary>Malformed CSV; the message names the line so the user can find it.</summary>
public class CsvException : Exception
{
    public CsvException()
    {
    }

    public CsvException(string message) : base(message)
    {
    }

    public CsvException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CsvException(string message, long lineNumber) : base($"line {lineNumber}: {message}")
    {
        LineNumber = lineNumber;
    }

    public long LineNumber { get; }
}
