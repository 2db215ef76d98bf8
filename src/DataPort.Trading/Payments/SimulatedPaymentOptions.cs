namespace DataPort.Trading.Payments;

/// <summary>
/// How the simulated provider misbehaves, bound from <c>Trading:SimulatedPayments</c>. The defaults exercise
/// what real providers do now and then: repeat a callback, send a stale failure after a success.
/// </summary>
public sealed class SimulatedPaymentOptions
{
    /// <summary>Delay before the first callback of a payment.</summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of payments that fail (card declined).</summary>
    public double FailureRate { get; set; }

    /// <summary>Share of callbacks delivered twice.</summary>
    public double DuplicateRate { get; set; } = 0.2;

    /// <summary>Share of successful payments followed by a stale failure notice for the same payment.</summary>
    public double StaleFailureRate { get; set; } = 0.1;

    /// <summary>Seed for the simulation's choices; null for a different run each time.</summary>
    public int? Seed { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (CallbackDelay < TimeSpan.Zero)
        {
            yield return "Trading:SimulatedPayments:CallbackDelay must not be negative.";
        }
        foreach (var (name, rate) in new[] { (nameof(FailureRate), FailureRate), (nameof(DuplicateRate), DuplicateRate), (nameof(StaleFailureRate), StaleFailureRate) })
        {
            if (rate is < 0 or > 1)
            {
                yield return $"Trading:SimulatedPayments:{name} must be between 0 and 1; got {rate}.";
            }
        }
    }
}
