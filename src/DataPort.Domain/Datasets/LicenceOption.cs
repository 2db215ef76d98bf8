using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

public enum PriceKind
{
    Free,
    OneOff,
    Subscription,
    PerQuery,
}

/// <summary>A price in fen (分), integers only: money never goes through floating point.</summary>
public sealed record PriceModel(PriceKind Kind, long AmountFen)
{
    public static PriceModel Free { get; } = new(PriceKind.Free, 0);
}

/// <summary>
/// A licence a developer can request: what it may do with the data, for how long, at what price.
/// <see cref="DownloadAllowed"/> false means sandbox only; <see cref="AggregateOnly"/> allows only aggregate
/// queries whose results leave no row-level data, answered with differential privacy under <see cref="Privacy"/>
/// (<see cref="Grants.PrivacyBudget.Default"/> when null).
/// </summary>
public sealed record LicenceOption(
    string Id,
    string Name,
    bool PurposeLimited,
    int TermDays,
    bool DownloadAllowed,
    bool AggregateOnly,
    PriceModel Price,
    Grants.PrivacyBudget? Privacy = null)
{
    public const int MaxTermDays = 3 * 366;

    internal void Validate(bool publicData)
    {
        Guard.Required(Id, "licence.id");
        Guard.Required(Name, "licence.name");
        if (TermDays is < 1 or > MaxTermDays)
        {
            throw new InvalidInputException($"licence.termDays must be between 1 and {MaxTermDays}; got {TermDays}.");
        }
        if (DownloadAllowed && AggregateOnly)
        {
            throw new InvalidInputException("An aggregate-only licence cannot allow downloads: a download is row-level data.");
        }
        Privacy?.Validate("licence.privacy");
        if (Price.Kind == PriceKind.Free && Price.AmountFen != 0)
        {
            throw new InvalidInputException("A free licence has amountFen 0.");
        }
        if (Price.Kind != PriceKind.Free && Price.AmountFen <= 0)
        {
            throw new InvalidInputException($"A {Price.Kind} licence needs a positive amountFen.");
        }
        if (publicData && Price.AmountFen > PricePolicy.PublicDataCapFen(Price.Kind))
        {
            throw new InvalidInputException(
                $"Public data is priced at cost: a {Price.Kind} charge may not exceed {PricePolicy.PublicDataCapFen(Price.Kind)} fen; got {Price.AmountFen}.");
        }
    }
}

/// <summary>
/// Caps for public data (公共数据授权运营 is non-profit-oriented, priced to recover cost). The amounts are the
/// platform's current rule, in fen per charge.
/// </summary>
public static class PricePolicy
{
    public static long PublicDataCapFen(PriceKind kind) => kind switch
    {
        PriceKind.Free => 0,
        PriceKind.OneOff => 5_000_000,       // 50,000 yuan
        PriceKind.Subscription => 1_000_000, // 10,000 yuan per term
        PriceKind.PerQuery => 1_000,         // 10 yuan per query
        _ => 0,
    };
}
