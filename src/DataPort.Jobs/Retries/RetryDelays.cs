using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Hangfire's AutomaticRetry delays, expressed as a Quartz retry policy: retry n waits (n−1)⁴ + 15 units
/// plus up to 30·n units of jitter, so the waits grow steeply (16 s, 31 s, 96 s, … about two hours at the
/// tenth) and runs that failed together do not come back together.
/// </summary>
public static class RetryDelays
{
    /// <summary>Quartz stores a policy in a 250-character column; twelve explicit waits always fit.</summary>
    public const int MaxRetries = 12;

    private const int JitterUnitsPerAttempt = 30;

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based) with jitter drawn from <paramref name="random"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan unit, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var units = Math.Pow(attempt - 1, 4) + 15 + random.Next(JitterUnitsPerAttempt) * attempt;
        // Whole milliseconds keep the stored form short; Quartz fires no finer than that anyway.
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(units * unit.TotalMilliseconds)));
    }

    /// <summary>
    /// A policy for one trigger. The jitter is drawn now, per trigger, because Quartz's explicit policies
    /// carry fixed waits; two triggers built at the same moment still get different tables.
    /// </summary>
    public static RetryPolicy Policy(int maxRetries, TimeSpan unit, Random? random = null)
    {
        if (maxRetries <= 0)
        {
            return RetryPolicy.None;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, MaxRetries);
        random ??= Random.Shared;
        var delays = Enumerable.Range(1, maxRetries).Select(attempt => Delay(attempt, unit, random)).ToList();
        return RetryPolicy.Explicit(delays);
    }
}
