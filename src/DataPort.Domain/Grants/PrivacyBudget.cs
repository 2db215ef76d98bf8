using DataPort.Domain.Common;

namespace DataPort.Domain.Grants;

/// <summary>
/// How much an aggregate-only grant may learn about any one person per period, as differential privacy's ε: each
/// noisy aggregation spends part of it, and it renews every <see cref="PeriodDays"/> days counted from the grant's
/// start. A licence may set its own; <see cref="Default"/> applies otherwise (see docs/privacy.md for the choice).
/// </summary>
public sealed record PrivacyBudget(double Epsilon, int PeriodDays)
{
    public const double MaxEpsilon = 100;
    public const int MaxPeriodDays = 366;

    /// <summary>Sums of ε in floating point are compared with this slack, so ten spends of 0.1 fit a budget of 1.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>ε = 10 per 30 days: twenty aggregations a month at the default ε = 0.5 each.</summary>
    public static PrivacyBudget Default { get; } = new(10, 30);

    public void Validate(string field)
    {
        if (!double.IsFinite(Epsilon) || Epsilon <= 0 || Epsilon > MaxEpsilon)
        {
            throw new InvalidInputException($"{field}.epsilon must be above 0 and at most {MaxEpsilon}; got {Epsilon}.");
        }
        if (PeriodDays is < 1 or > MaxPeriodDays)
        {
            throw new InvalidInputException($"{field}.periodDays must be between 1 and {MaxPeriodDays}; got {PeriodDays}.");
        }
    }

    /// <summary>The number of the budget period <paramref name="at"/> falls in, counting from <paramref name="start"/>.</summary>
    public long PeriodAt(DateTimeOffset start, DateTimeOffset at) =>
        (long)Math.Floor((at - start).TotalDays / PeriodDays);

    /// <summary>When period <paramref name="period"/> ends and a fresh budget begins.</summary>
    public DateTimeOffset Renewal(DateTimeOffset start, long period) => start.AddDays((period + 1) * PeriodDays);
}

/// <summary>The ε spent so far in budget period <see cref="Period"/> (0 before any spend).</summary>
public sealed record PrivacySpend(long Period, double Epsilon)
{
    public static PrivacySpend None { get; } = new(0, 0);

    /// <summary>What was spent in <paramref name="period"/>: nothing if the last spend was in an earlier one.</summary>
    public double In(long period) => period == Period ? Epsilon : 0;
}
