using System.Security.Cryptography;

namespace DataPort.Sandbox.Aggregations.Privacy;

/// <summary>
/// The random draws differential privacy needs, from the operating system's cryptographic source (a seeded PRNG
/// could be replayed to subtract the noise). Noise is integer-valued (discrete Laplace), so no low-order bits of a
/// floating-point result can carry the true value, the flaw Mironov found in textbook Laplace implementations.
/// </summary>
internal static class SecureNoise
{
    // Far beyond any useful noise; keeps a pathological scale from overflowing a long.
    private const double MaxMagnitude = 1L << 52;

    /// <summary>
    /// A draw of the discrete Laplace distribution, P(z) ∝ exp(-|z| / <paramref name="scale"/>), for integer-valued
    /// queries of sensitivity Δ at ε: scale = Δ / ε. A random sign and a geometric magnitude, with the double-counted
    /// negative zero redrawn.
    /// </summary>
    public static long DiscreteLaplace(double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "A noise scale is positive and finite.");
        }
        while (true)
        {
            var negative = RandomNumberGenerator.GetInt32(2) == 1;
            var magnitude = Geometric(scale);
            if (!(negative && magnitude == 0))
            {
                return negative ? -magnitude : magnitude;
            }
        }
    }

    /// <summary>The index a Gumbel-max draw picks: index i with probability ∝ exp(scores[i]).</summary>
    public static int GumbelMax(ReadOnlySpan<double> scores)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            var value = scores[i] - Math.Log(-Math.Log(Uniform()));
            if (value > bestValue)
            {
                (best, bestValue) = (i, value);
            }
        }
        return best;
    }

    /// <summary>P(m) = (1 - t)·t^m for m ≥ 0, t = exp(-1/scale): floor(-ln U · scale) with U uniform on (0, 1].</summary>
    private static long Geometric(double scale) => (long)Math.Min(Math.Floor(-Math.Log(Uniform()) * scale), MaxMagnitude);

    /// <summary>Uniform on (0, 1] with 53 random bits: never 0, so its logarithm is finite.</summary>
    private static double Uniform()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var bits = BitConverter.ToUInt64(bytes) >> 11;
        return (bits + 1) / (double)(1UL << 53);
    }
}
