namespace DataPort.Tabular.Parquet;

/// <summary>The file is not valid Parquet (corrupt, truncated, lying lengths) or uses a feature this library does not read.</summary>
public class ParquetException : Exception
{
    public ParquetException()
    {
    }

    public ParquetException(string message) : base(message)
    {
    }

    public ParquetException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
