using System.Globalization;
using System.Text.RegularExpressions;
using DataPort.Domain.Common;

namespace DataPort.Domain.Certificates;

/// <summary>A registration certificate number, <c>XMDA-YYYY-NNNNNN</c>: the year of issue and a yearly sequence.</summary>
public sealed partial record CertificateNumber
{
    public const int MaxSequence = 999_999;

    public CertificateNumber(int year, int sequence)
    {
        if (year is < 2000 or > 9999)
        {
            throw new InvalidInputException($"Certificate year {year} is out of range.");
        }
        if (sequence is < 1 or > MaxSequence)
        {
            throw new InvalidInputException($"Certificate sequence {sequence} must be between 1 and {MaxSequence}.");
        }
        Year = year;
        Sequence = sequence;
    }

    public int Year { get; }

    public int Sequence { get; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"XMDA-{Year:D4}-{Sequence:D6}");

    public static CertificateNumber Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            throw new InvalidInputException($"'{text}' is not a certificate number of the form XMDA-YYYY-NNNNNN.");
        }
        return new CertificateNumber(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^XMDA-(\d{4})-(\d{6})$")]
    private static partial Regex Pattern();
}
