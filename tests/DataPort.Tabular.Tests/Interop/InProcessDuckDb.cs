using System.Globalization;
using DuckDB.NET.Data;

namespace DataPort.Tabular.Tests.Interop;

/// <summary>
/// DuckDB (DuckDB.NET, in this process) as the independent engine: it writes Parquet with its own encoders and
/// reads any file back as comparable values: whole numbers as long, doubles as double, text as string, dates as
/// days since 1970-01-01, timestamps as microseconds since the epoch, decimals as decimal (through their exact text), bytes as hex.
/// </summary>
public sealed class InProcessDuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public InProcessDuckDb()
    {
        _connection.Open();
        Execute("SET TimeZone = 'UTC'");
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Every row of the file in DuckDB's reading, normalised as described above, with the column names and DuckDB types.</summary>
    public (List<string> Columns, List<string> Types, List<object?[]> Rows) Read(string path)
    {
        var file = Quote(path);
        var columns = new List<string>();
        var types = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"DESCRIBE SELECT * FROM read_parquet({file})";
            using var described = command.ExecuteReader();
            while (described.Read())
            {
                columns.Add(described.GetString(0));
                types.Add(described.GetString(1));
            }
        }
        var select = columns.Select((name, i) => Normalised($"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", types[i]));
        var rows = new List<object?[]>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"SELECT {string.Join(", ", select)} FROM read_parquet({file})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[columns.Count];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = reader.IsDBNull(c) ? null
                        : types[c].StartsWith("DECIMAL", StringComparison.Ordinal) ? decimal.Parse(reader.GetString(c), CultureInfo.InvariantCulture)
                        : reader.GetValue(c);
                }
                rows.Add(row);
            }
        }
        return (columns, types, rows);
    }

    /// <summary>DataPort's value in the same normal form as <see cref="Read"/>'s.</summary>
    public static object? Comparable(object? value) => value switch
    {
        null => null,
        int or long or short => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        DateOnly date => (long)(date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
        DateTime time => (time.Ticks - DateTime.UnixEpoch.Ticks) / 10,
        byte[] bytes => Convert.ToHexString(bytes),
        float single => (double)single,
        _ => value,
    };

    public static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose() => _connection.Dispose();

    private static string Normalised(string column, string type) => type switch
    {
        _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => $"epoch_us({column})",
        "DATE" => $"date_diff('day', DATE '1970-01-01', {column})::BIGINT",
        "BLOB" => $"hex({column})",
        "DOUBLE" or "FLOAT" => $"{column}::DOUBLE",
        "BOOLEAN" or "VARCHAR" => column,
        _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => $"{column}::VARCHAR",
        _ => $"{column}::BIGINT",
    };
}
