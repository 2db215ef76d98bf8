using System.Globalization;
using System.Text;
using DataPort.Tabular.Csv;

namespace DataPort.Tabular.Tests.Csv;

public class CsvValuesTests
{
    [Fact]
    public void Given_random_plain_decimals_of_up_to_19_digits_When_parsed_on_the_fast_path_Then_every_double_matches_the_runtime_bit_for_bit()
    {
        var random = new Random(7);
        var checkedValues = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var digits = random.Next(1, 20);
            var scale = random.Next(0, digits);
            var text = RandomDecimal(random, digits, scale);
            if (CsvValues.TryParsePlainDouble(Encoding.ASCII.GetBytes(text), out var value))
            {
                checkedValues++;
                var expected = double.Parse(text, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: {value:R} instead of {expected:R}");
            }
        }
        Assert.True(checkedValues > 150_000);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("9007199254740993")]
    [InlineData("9007199254740993.5")]
    [InlineData("1152921504606846977")]
    [InlineData("0.0000000000000000001")]
    [InlineData("16843.422416990354")]
    [InlineData("-2.2250738585072014")]
    [InlineData("1.7976931348623157")]
    public void Given_hard_to_round_decimals_When_parsed_on_the_fast_path_Then_they_match_the_runtime(string text)
    {
        Assert.True(CsvValues.TryParsePlainDouble(Encoding.ASCII.GetBytes(text), out var value));

        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("007")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("0")]
    [InlineData("-0.0")]
    [InlineData("12345678901234567890")]
    public void Given_other_forms_When_parsed_on_the_fast_path_Then_they_are_left_to_the_general_parser(string text)
    {
        Assert.False(CsvValues.TryParsePlainDouble(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("0", 0L, 0)]
    [InlineData("-0", 0L, 0)]
    [InlineData("42", 42L, 2)]
    [InlineData("-123456789012345678", -123456789012345678L, 18)]
    public void Given_plain_integers_When_parsed_on_the_fast_path_Then_value_and_digits_are_as_the_scanner_counts(string text, long expected, int digits)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.True(CsvValues.TryParsePlainInteger(bytes, out var value, out var integerDigits));

        Assert.Equal((expected, digits), (value, integerDigits));
        Assert.True(CsvValues.TryScanNumber(bytes, out var scanned, out _));
        Assert.Equal(scanned, integerDigits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("007")]
    [InlineData("1.5")]
    [InlineData("+1")]
    [InlineData("1234567890123456789")]
    public void Given_other_integer_forms_When_parsed_on_the_fast_path_Then_they_are_left_to_the_general_parser(string text)
    {
        Assert.False(CsvValues.TryParsePlainInteger(Encoding.ASCII.GetBytes(text), out _, out _));
    }

    private static string RandomDecimal(Random random, int digits, int scale)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0)
        {
            text.Append('-');
        }
        var integerDigits = digits - scale;
        text.Append((char)('1' + random.Next(9)));
        for (var i = 1; i < integerDigits; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }
        if (scale > 0)
        {
            text.Append('.');
            for (var i = 0; i < scale; i++)
            {
                text.Append((char)('0' + random.Next(10)));
            }
        }
        return text.ToString();
    }
}
