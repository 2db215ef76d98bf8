namespace DataPort.Privacy.Policy;

public enum OnRisk
{
    /// <summary>No row may be suppressed: a release that needs to drop rows to reach k is refused.</summary>
    Fail,
    /// <summary>Rows in classes too small to release are dropped, up to <see cref="RiskSettings.MaxSuppression"/>, and counted in the report.</summary>
    SuppressRows,
}

/// <param name="K">Every combination of quasi-identifier values must be shared by at least K rows.</param>
/// <param name="QuasiIdentifiers">Entity ids or column names whose masked values together could single a person out.</param>
public sealed record RiskSettings(int K, IReadOnlyList<string> QuasiIdentifiers, OnRisk OnRisk)
{
    /// <summary>
    /// Distinct ℓ-diversity: every class must hold at least L different values of each sensitive attribute, so that
    /// knowing someone is in a class does not tell their value. 1 asks nothing.
    /// </summary>
    public int L { get; init; } = 1;

    /// <summary>Entity ids or column names whose values ℓ-diversity protects (a diagnosis, an income band).</summary>
    public IReadOnlyList<string> SensitiveAttributes { get; init; } = [];

    /// <summary>The largest share of rows a release may drop to reach k and ℓ; 0 with <see cref="OnRisk.Fail"/>.</summary>
    public double MaxSuppression { get; init; } = 0.05;

    public double SuppressionBound => OnRisk == OnRisk.Fail ? 0 : MaxSuppression;
}
