using System.Globalization;
using DataPort.Catalog.Identifiers;

namespace DataPort.Catalog.Generation;

/// <summary>Ages count from a fixed day so the same seed gives the same numbers in any year.</summary>
internal static class ReferenceDate
{
    public static readonly DateOnly Today = new(2024, 7, 1);

    public static DateOnly BirthDate(Random random, int minAge, int maxAge)
    {
        var earliest = Today.AddYears(-maxAge - 1).AddDays(1);
        var latest = Today.AddYears(-minAge);
        return earliest.AddDays(random.Next(latest.DayNumber - earliest.DayNumber + 1));
    }
}

internal sealed class ResidentIdGenerator(IReadOnlyList<string> regionCodes, int minAge, int maxAge) : ValueGenerator
{
    public static string Create(Random random, IReadOnlyList<string> regionCodes, int minAge, int maxAge) =>
        ResidentIdNumber.Create(Pick(random, regionCodes), ReferenceDate.BirthDate(random, minAge, maxAge), random.Next(1, 1000));

    public override string Next(Random random, RowContext row) => Create(random, regionCodes, minAge, maxAge);

    // Exports keep a lower-case x, or spaces between region, birth date and sequence from manual keying.
    public override string Variant(string value, Random random) => value.EndsWith('X')
        ? value[..17] + "x"
        : $"{value[..6]} {value[6..14]} {value[14..]}";
}

internal sealed class DateOfBirthGenerator(int minAge, int maxAge) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        ReferenceDate.BirthDate(random, minAge, maxAge).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string Variant(string value, Random random) => DateGenerator.Respell(value, random);
}

/// <summary>The birth date encoded in an earlier resident-ID column, so the two never contradict each other.</summary>
internal sealed class BirthDateFromIdGenerator(string column) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => [column];

    public override string Next(Random random, RowContext row)
    {
        var id = row.Get(column);
        return $"{id[6..10]}-{id[10..12]}-{id[12..14]}";
    }

    public override string Variant(string value, Random random) => DateGenerator.Respell(value, random);
}

internal sealed class MobileGenerator : ValueGenerator
{
    public static string Create(Random random) => Pick(random, Xiamen.MobilePrefixes) + Digits(random, 8);

    public override string Next(Random random, RowContext row) => Create(random);

    public override string Variant(string value, Random random) => random.Next(3) switch
    {
        0 => "+86 " + value,
        1 => $"{value[..3]}-{value[3..7]}-{value[7..]}",
        _ => "86" + value,
    };
}

internal sealed class LandlineGenerator : ValueGenerator
{
    // Xiamen numbers are 0592 plus seven digits; local numbers do not start with 0, 1 or 9.
    public static string Create(Random random) => "0592-" + (char)('2' + random.Next(7)) + Digits(random, 6);

    public override string Next(Random random, RowContext row) => Create(random);

    public override string Variant(string value, Random random) => random.Next(2) == 0 ? value[5..] : "(0592)" + value[5..];
}

internal sealed class EmailGenerator(IReadOnlyList<string> domains) : ValueGenerator
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    public override string Next(Random random, RowContext row)
    {
        var domain = Pick(random, domains);
        if (domain == "qq.com" && random.Next(2) == 0)
        {
            // QQ mailboxes are very often the QQ number itself.
            return random.NextInt64(10_000_000, 3_000_000_000).ToString(CultureInfo.InvariantCulture) + "@qq.com";
        }
        var length = random.Next(4, 9);
        var local = new char[length];
        for (var i = 0; i < length; i++)
        {
            local[i] = Letters[random.Next(Letters.Length)];
        }
        return new string(local) + Digits(random, random.Next(0, 5)) + "@" + domain;
    }

    public override string Variant(string value, Random random) => value.ToUpperInvariant();
}

internal sealed class CreditCodeGenerator(string authorityAndType, IReadOnlyList<string> divisionCodes) : ValueGenerator
{
    public static string Create(Random random, string authorityAndType, IReadOnlyList<string> divisionCodes)
    {
        // The organisation code body avoids the letters GB 32100 excludes, so the whole code stays in its alphabet.
        var body = new char[8];
        for (var i = 0; i < 8; i++)
        {
            body[i] = i < 2 && random.Next(4) == 0
                ? CreditCode.Alphabet[10 + random.Next(CreditCode.Alphabet.Length - 10)]
                : (char)('0' + random.Next(10));
        }
        return CreditCode.Create(authorityAndType, Pick(random, divisionCodes), new string(body));
    }

    public override string Next(Random random, RowContext row) => Create(random, authorityAndType, divisionCodes);

    public override string Variant(string value, Random random) => value.ToLowerInvariant();
}

internal sealed class BankCardGenerator : ValueGenerator
{
    // Issuer prefixes of debit cards from the big state banks and Xiamen's city commercial bank.
    private static readonly string[] Prefixes = ["622202", "621700", "622848", "621661", "623058", "622908", "621483", "622262"];

    public override string Next(Random random, RowContext row)
    {
        var length = random.Next(3) == 0 ? 16 : 19;
        var body = Pick(random, Prefixes) + Digits(random, length - 7);
        return body + LuhnDigit(body);
    }

    internal static char LuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public override string Variant(string value, Random random) =>
        string.Join(' ', Enumerable.Range(0, (value.Length + 3) / 4).Select(i => value.Substring(i * 4, Math.Min(4, value.Length - (i * 4)))));
}

internal sealed class PlateGenerator(double newEnergyRatio) : ValueGenerator
{
    // GA 36-2018: serials use digits and capitals except I and O.
    private const string Serial = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private const string SerialLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string Create(Random random, double newEnergyRatio)
    {
        if (random.NextDouble() < newEnergyRatio)
        {
            // Small new-energy plates: D (battery electric) or F (other new energy), then five more: 8 characters.
            var kind = random.Next(10) < 8 ? 'D' : 'F';
            var second = random.Next(3) == 0 ? SerialLetters[random.Next(SerialLetters.Length)] : (char)('0' + random.Next(10));
            return $"闽D{kind}{second}{Digits(random, 4)}";
        }
        var chars = new char[5];
        var letters = random.Next(3);
        for (var i = 0; i < 5; i++)
        {
            chars[i] = i < letters ? SerialLetters[random.Next(SerialLetters.Length)] : Serial[random.Next(Serial.Length)];
        }
        return "闽D" + new string(chars);
    }

    public override string Next(Random random, RowContext row) => Create(random, newEnergyRatio);

    public override string Variant(string value, Random random) => random.Next(2) == 0
        ? value[..2] + "·" + value[2..]
        : value[..2] + " " + value[2..];
}

internal sealed class PassportGenerator : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        random.Next(4) == 0 ? "E" + (char)('A' + random.Next(8)) + Digits(random, 7) : "E" + Digits(random, 8);
}

internal sealed class HongKongMacauPermitGenerator : ValueGenerator
{
    public override string Next(Random random, RowContext row) => "C" + Digits(random, 8);
}

internal sealed class IpAddressGenerator : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        string.Create(CultureInfo.InvariantCulture, $"{Pick(random, Xiamen.IpPrefixes)}.{random.Next(256)}.{random.Next(1, 255)}");
}
