using System.Globalization;
using System.Text.Json;

namespace DataPort.Tabular.Tests.Interop;

/// <summary>Compares a CLR value with the normalised JSON the interop scripts print (see tests/interop/lib.mjs).</summary>
public static class InteropValues
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public static void AssertSame(ParquetField field, object? expected, JsonElement actual, string where)
    {
        if (expected is null)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: expected null, got {actual}");
            return;
        }
        var ok = field.Type switch
        {
            ParquetType.Int32 or ParquetType.Int64 => Convert.ToInt64(expected, CultureInfo.InvariantCulture) == AsInt64(actual),
            ParquetType.Boolean => actual.ValueKind is JsonValueKind.True or JsonValueKind.False && (bool)expected == actual.GetBoolean(),
            ParquetType.Double => actual.ValueKind == JsonValueKind.Number
                ? (double)expected == actual.GetDouble()
                : ((double)expected).ToString(CultureInfo.InvariantCulture) == actual.GetString(),
            ParquetType.String => (string)expected == actual.GetString(),
            ParquetType.Binary => Convert.ToHexString((byte[])expected).Equals(actual.GetString(), StringComparison.OrdinalIgnoreCase),
            ParquetType.Date => $"d:{((DateOnly)expected).DayNumber - Epoch.DayNumber}" == actual.GetString(),
            ParquetType.Timestamp => $"us:{(((DateTime)expected).Ticks - DateTime.UnixEpoch.Ticks) / 10}" == actual.GetString(),
            ParquetType.Decimal => actual.ValueKind == JsonValueKind.String
                ? (decimal)expected == decimal.Parse(actual.GetString()!, CultureInfo.InvariantCulture)
                // hyparquet hands decimals back as JS numbers (Number(unscaled) * 10 ** -scale): exact up to float rounding.
                : Math.Abs((double)(decimal)expected - actual.GetDouble()) <= Math.Abs((double)(decimal)expected) * 1e-15,
            _ => false,
        };
        Assert.True(ok, $"{where}: expected {Describe(expected)}, got {actual}");
    }

    private static long AsInt64(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? long.Parse(element.GetString()!, CultureInfo.InvariantCulture)
        : element.GetInt64();

    private static string Describe(object value) => value switch
    {
        DateTime t => t.ToString("O"),
        byte[] b => Convert.ToHexString(b),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
