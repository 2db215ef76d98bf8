namespace DataPort.Tabular.Parquet;

/// <summary>
/// The logical column types DataPort writes. Each maps to one Parquet physical type plus annotation:
/// Boolean→BOOLEAN, Int32→INT32, Int64→INT64, Double→DOUBLE, String→BYTE_ARRAY (STRING),
/// Date→INT32 (DATE), Timestamp→INT64 (TIMESTAMP micros, UTC), Decimal→INT32/INT64/FIXED_LEN_BYTE_ARRAY (DECIMAL),
/// Binary→BYTE_ARRAY without annotation.
/// </summary>
public enum ParquetType
{
    Boolean,
    Int32,
    Int64,
    Double,
    String,
    Date,
    Timestamp,
    Decimal,
    Binary,
}
