using System.Runtime.CompilerServices;
using DataPort.Tabular.Parquet;

namespace DataPort.Tabular.Csv;

/// <summary>
/// Infers a Parquet column type from every value of a CSV column (one pass, constant memory):
/// booleans, integers (int64), decimals (up to 18 digits, exact), doubles, dates (yyyy-MM-dd),
/// timestamps, else string. A blank value is null and makes the column nullable.
/// </summary>
public sealed class CsvSchemaInference
{
    /// <summary>Widest exact decimal inferred; beyond it (or with exponents) values are doubles.</summary>
    public const int MaxDecimalPrecision = 18;

    private readonly string[] _names;
    private readonly ColumnGuess[] _guesses;

    public CsvSchemaInference(IReadOnlyList<string> header)
    {
        _names = [.. header];
        _guesses = new ColumnGuess[header.Count];
        for (var i = 0; i < _guesses.Length; i++)
        {
            _guesses[i] = new ColumnGuess();
        }
    }

    /// <summary>Takes one more value into account; true if that changed what is known of the column (its field may have changed).</summary>
    public bool Observe(int column, ReadOnlySpan<byte> text) => _guesses[column].Observe(text);

    public ParquetField GetField(int column) => _guesses[column].ToField(_names[column]);

    /// <summary>
    /// Whether only a blank can still change the column: it has a value and no type but string is possible.
    /// Observing a non-blank value then changes nothing, so the conversion may skip it.
    /// </summary>
    internal bool IsSettledString(int column) => _guesses[column].IsSettledString;

    /// <summary>
    /// What <see cref="Observe"/> does for a plain integer (as <see cref="CsvValues.TryScanNumber"/> accepts, and
    /// fitting int64) in an int64 column: only the digit count can change, which decides a later decimal's precision.
    /// </summary>
    internal void ObserveInteger(int column, int integerDigits) => _guesses[column].ObserveInteger(integerDigits);

    public ParquetSchema GetSchema() => new(_names.Select((name, i) => _guesses[i].ToField(name)));

    private sealed class ColumnGuess
    {
        private bool _boolean = true;
        private bool _int64 = true;
        private bool _decimal = true;
        private bool _double = true;
        private bool _date = true;
        private bool _timestamp = true;
        private bool _sawValue;
        private bool _sawBlank;
        private int _integerDigits;
        private int _scale;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Observe(ReadOnlySpan<byte> text)
        {
            if (CsvValues.IsBlank(text))
            {
                var first = !_sawBlank;
                _sawBlank = true;
                return first;
            }
            var before = State;
            _sawValue = true;
            if (_boolean)
            {
                _boolean = CsvValues.TryParseBoolean(text, out _);
            }
            if (_int64 || _decimal || _double)
            {
                if (CsvValues.TryScanNumber(text, out var integerDigits, out var scale))
                {
                    if (_int64 && (scale > 0 || !CsvValues.TryParseInt64(text, out _)))
                    {
                        _int64 = false;
                    }
                    _integerDigits = Math.Max(_integerDigits, integerDigits);
                    _scale = Math.Max(_scale, scale);
                    if (_integerDigits + _scale > MaxDecimalPrecision)
                    {
                        _decimal = false;
                    }
                }
                else
                {
                    _int64 = false;
                    _decimal = false;
                    _double = _double && HasExponent(text) && CsvValues.TryParseDouble(text, out var d) && double.IsFinite(d);
                }
            }
            if (_date || _timestamp)
            {
                var isDate = CsvValues.TryParseDate(text, out _);
                _date = _date && isDate;
                _timestamp = _timestamp && CsvValues.TryParseTimestamp(text, out _);
            }
            return State != before;
        }

        public bool IsSettledString => _sawValue && !(_boolean || _int64 || _decimal || _double || _date || _timestamp);

        public void ObserveInteger(int integerDigits)
        {
            if (integerDigits > _integerDigits)
            {
                _integerDigits = integerDigits;
                if (_integerDigits + _scale > MaxDecimalPrecision)
                {
                    _decimal = false;
                }
            }
        }

        /// <summary>Everything <see cref="ToField"/> depends on, packed so a change is one comparison.</summary>
        private long State =>
            (_boolean ? 1L : 0) | (_int64 ? 2L : 0) | (_decimal ? 4L : 0) | (_double ? 8L : 0) | (_date ? 16L : 0)
            | (_timestamp ? 32L : 0) | (_sawValue ? 64L : 0) | (_sawBlank ? 128L : 0) | ((long)_integerDigits << 8) | ((long)_scale << 32);

        public ParquetField ToField(string name)
        {
            var nullable = _sawBlank || !_sawValue;
            if (!_sawValue)
            {
                return new ParquetField(name, ParquetType.String, nullable);
            }
            if (_boolean)
            {
                return new ParquetField(name, ParquetType.Boolean, nullable);
            }
            if (_int64)
            {
                return new ParquetField(name, ParquetType.Int64, nullable);
            }
            if (_decimal)
            {
                return ParquetField.Decimal(name, Math.Max(1, _integerDigits + _scale), _scale, nullable);
            }
            if (_double)
            {
                return new ParquetField(name, ParquetType.Double, nullable);
            }
            if (_date)
            {
                return new ParquetField(name, ParquetType.Date, nullable);
            }
            if (_timestamp)
            {
                return new ParquetField(name, ParquetType.Timestamp, nullable);
            }
            return new ParquetField(name, ParquetType.String, nullable);
        }

        /// <summary>Only scientific notation makes a non-plain number a double: "007", ".5" or "NaN" stay text.</summary>
        private static bool HasExponent(ReadOnlySpan<byte> text) =>
            text.IndexOfAny((byte)'e', (byte)'E') > 0 && char.IsAsciiDigit((char)text[^1]);
    }
}
