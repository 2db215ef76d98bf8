namespace DataPort.Tabular.Parquet;

/// <summary>One column of a row group, values in the CLR types listed on <see cref="ParquetField"/> (null where missing).</summary>
public sealed record ParquetColumn(ParquetField Field, object?[] Values);
