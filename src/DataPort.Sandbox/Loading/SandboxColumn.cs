using NpgsqlTypes;

namespace DataPort.Sandbox.Loading;

/// <summary>The column types a masked dataset version can carry into the sandbox.</summary>
public enum SandboxColumnType
{
    Text,
    Integer,
    BigInt,
    Double,
    Decimal,
    Boolean,
    Date,
    Timestamp,
    Bytes,
}

/// <summary>
/// One column of a loaded version: its SQL name (validated, see <see cref="SandboxNames.ColumnIdentifiers"/>), its
/// type, and its <see cref="Label"/>: the name the dataset gives it, which grants, results and downloads use.
/// </summary>
public sealed record SandboxColumn(string Name, SandboxColumnType Type)
{
    private readonly string? label;

    /// <summary>The column's name in the dataset (e.g. <c>所在区</c>); the SQL name when it has no other.</summary>
    public string Label
    {
        get => label ?? Name;
        init => label = value;
    }

    /// <summary>Digits after the decimal point, for <see cref="SandboxColumnType.Decimal"/> columns written to Parquet.</summary>
    public int? Scale { get; init; }

    public string SqlType => Type switch
    {
        SandboxColumnType.Text => "text",
        SandboxColumnType.Integer => "integer",
        SandboxColumnType.BigInt => "bigint",
        SandboxColumnType.Double => "double precision",
        SandboxColumnType.Decimal => "numeric",
        SandboxColumnType.Boolean => "boolean",
        SandboxColumnType.Date => "date",
        SandboxColumnType.Timestamp => "timestamp with time zone",
        SandboxColumnType.Bytes => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };

    internal NpgsqlDbType DbType => Type switch
    {
        SandboxColumnType.Text => NpgsqlDbType.Text,
        SandboxColumnType.Integer => NpgsqlDbType.Integer,
        SandboxColumnType.BigInt => NpgsqlDbType.Bigint,
        SandboxColumnType.Double => NpgsqlDbType.Double,
        SandboxColumnType.Decimal => NpgsqlDbType.Numeric,
        SandboxColumnType.Boolean => NpgsqlDbType.Boolean,
        SandboxColumnType.Date => NpgsqlDbType.Date,
        SandboxColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        SandboxColumnType.Bytes => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };

    /// <summary>Maps a PostgreSQL type name (as pg_type.typname reports it) back to a sandbox type.</summary>
    public static SandboxColumnType? FromPostgres(string typeName) => typeName switch
    {
        "text" or "varchar" or "bpchar" or "name" or "uuid" => SandboxColumnType.Text,
        "int2" or "int4" => SandboxColumnType.Integer,
        "int8" => SandboxColumnType.BigInt,
        "float4" or "float8" => SandboxColumnType.Double,
        "numeric" => SandboxColumnType.Decimal,
        "bool" => SandboxColumnType.Boolean,
        "date" => SandboxColumnType.Date,
        "timestamptz" or "timestamp" => SandboxColumnType.Timestamp,
        "bytea" => SandboxColumnType.Bytes,
        _ => null,
    };
}
