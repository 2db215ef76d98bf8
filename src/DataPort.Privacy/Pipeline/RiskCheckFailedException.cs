using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>The masked data would still single people out and the policy says to fail rather than drop rows.</summary>
public sealed class RiskCheckFailedException(RiskAssessment assessment, IReadOnlyList<string> quasiIdentifiers)
    : Exception($"re-identification risk check failed: k={assessment.KBefore} is below the policy's k={assessment.K} " +
        $"over ({string.Join(", ", quasiIdentifiers)}); {assessment.RowsBelowK} row(s) in {assessment.ClassesBelowK} class(es) are too rare")
{
    public RiskAssessment Assessment { get; } = assessment;
}
