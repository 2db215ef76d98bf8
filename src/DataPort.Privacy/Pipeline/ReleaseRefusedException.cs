using System.Globalization;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// No combination of the quasi-identifiers' levels reaches k (and ℓ) without suppressing more rows than the policy
/// allows: the pipeline writes nothing rather than a release that protects everyone by holding no one.
/// <see cref="Report"/> holds the closest candidates and what each would need.
/// </summary>
public sealed class ReleaseRefusedException(PipelineReport report) : Exception(Describe(report))
{
    public PipelineReport Report { get; } = report;

    private static string Describe(PipelineReport report)
    {
        var risk = report.Risk;
        var closest = risk.Candidates.Count == 0 ? null : risk.Candidates[0];
        var ask = risk.L > 1 ? $"k={risk.K} and ℓ={risk.L}" : $"k={risk.K}";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"No release reaches {ask} over ({string.Join(", ", risk.Levels.Select(l => l.Column))}) with at most {risk.MaxSuppression:P0} of the rows suppressed");
        return closest is null
            ? message + "."
            : message + string.Create(CultureInfo.InvariantCulture,
                $": the closest, at ({string.Join(", ", closest.Levels)}), would suppress {closest.RowsSuppressed:N0} of {report.Input.Rows:N0} rows ({closest.SuppressedShare:P1}). ")
              + "Coarser levels for these columns, marking a column that describes a place rather than a person, or more rows will let it through.";
    }
}
