namespace DataPort.Privacy.Policy;

public enum OnRisk
{
    /// <summary>The run fails and writes nothing.</summary>
    Fail,
    /// <summary>Rows in equivalence classes smaller than k are dropped and counted in the report.</summary>
    SuppressRows,
}

/// <param name="K">Every combination of quasi-identifier values must be shared by at least K rows.</param>
/// <param name="QuasiIdentifiers">Entity ids or column names whose masked values together could single a person out.</param>
public sealed record RiskSettings(int K, IReadOnlyList<string> QuasiIdentifiers, OnRisk OnRisk);
