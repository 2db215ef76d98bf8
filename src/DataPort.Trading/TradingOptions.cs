namespace DataPort.Trading;

/// <summary>Bound from <c>Trading</c>; validated at start-up.</summary>
public sealed class TradingOptions
{
    public const string Section = "Trading";

    /// <summary>The public-data fee cap per charge, in fen, until an operator sets one (50,000 yuan).</summary>
    public long DefaultPublicDataFeeCapFen { get; set; } = 5_000_000;

    /// <summary>Whether the simulated payment provider is used (the only provider so far).</summary>
    public bool SimulatedPayments { get; set; } = true;
}
