using System.Globalization;

namespace DataPort.Sandbox.Loading;

/// <summary>Brings a value from a row source into the exact CLR type binary COPY expects for its column.</summary>
internal static class ValueCoercion
{
    public static object? ToDatabase(object? value, SandboxColumnType type) => value switch
    {
        null or DBNull => null,
        _ => type switch
        {
            SandboxColumnType.Text => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
            SandboxColumnType.Integer => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            SandboxColumnType.BigInt => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            SandboxColumnType.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            SandboxColumnType.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            SandboxColumnType.Boolean => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
            SandboxColumnType.Date => value switch
            {
                DateOnly date => date,
                DateTime dateTime => DateOnly.FromDateTime(dateTime),
                DateTimeOffset offset => DateOnly.FromDateTime(offset.UtcDateTime),
                string text => DateOnly.Parse(text, CultureInfo.InvariantCulture),
                _ => throw new SandboxValidationException($"A {value.GetType().Name} is not a date."),
            },
            // timestamptz takes UTC only; a local DateTime would silently shift by the server's offset.
            SandboxColumnType.Timestamp => value switch
            {
                DateTimeOffset offset => offset.UtcDateTime,
                DateTime dateTime => dateTime.Kind == DateTimeKind.Utc ? dateTime : DateTime.SpecifyKind(dateTime, DateTimeKind.Utc),
                string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime,
                _ => throw new SandboxValidationException($"A {value.GetType().Name} is not a timestamp."),
            },
            SandboxColumnType.Bytes => value as byte[] ?? throw new SandboxValidationException($"A {value.GetType().Name} is not bytes."),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        },
    };
}
