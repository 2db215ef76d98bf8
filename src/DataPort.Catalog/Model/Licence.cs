namespace DataPort.Catalog.Model;

public enum PriceModel
{
    Free,
    OneOff,
    Subscription,
    PerQuery,
}

public enum Delivery
{
    /// <summary>Data never leaves the fusion-development sandbox; only query results do.</summary>
    SandboxOnly,
    /// <summary>Masked Parquet deliveries may be downloaded within the licence.</summary>
    Download,
}

/// <summary>A price in integer fen (分) so no rounding ever enters a bill.</summary>
public sealed record Price(PriceModel Model, long AmountFen, int PeriodMonths)
{
    public static readonly Price Free = new(PriceModel.Free, 0, 0);
}

/// <summary>
/// The operator's ceiling for public data under authorised operation: public data is priced at cost
/// recovery, so every licence price is checked against it.
/// </summary>
public sealed record FeeCap(long OneOffFen, long SubscriptionMonthlyFen, long PerQueryFen)
{
    /// <summary>The cap that applies to a price, or null when the price is free.</summary>
    public long? CapFor(Price price) => price.Model switch
    {
        PriceModel.OneOff => OneOffFen,
        PriceModel.Subscription => SubscriptionMonthlyFen * price.PeriodMonths,
        PriceModel.PerQuery => PerQueryFen,
        _ => null,
    };
}

/// <summary><see cref="Privacy"/>: the ε budget of an aggregate-only licence per period (null: the platform's default).</summary>
public sealed record LicenceOption(
    string Id,
    bool PurposeLimited,
    int TermMonths,
    Delivery Delivery,
    bool AggregateOnly,
    Price Price,
    PrivacyBudget? Privacy = null);

/// <summary>A licence's differential-privacy budget as the catalog states it: <c>privacy: {epsilon, period_days}</c>.</summary>
public sealed record PrivacyBudget(double Epsilon, int PeriodDays);

public static class LicenceIds
{
    public static string ToId(this PriceModel model) => model switch
    {
        PriceModel.OneOff => "one-off",
        PriceModel.Subscription => "subscription",
        PriceModel.PerQuery => "per-query",
        _ => "free",
    };

    public static string ToId(this Delivery delivery) => delivery == Delivery.Download ? "download" : "sandbox-only";
}
