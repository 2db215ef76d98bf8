using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Pipeline;

/// <summary>One run of the privacy pipeline: a CSV in, masked Parquet out.</summary>
/// <param name="DatasetSecret">Key of the keyed pseudonyms; keep it per dataset and reuse it for every release so joins survive.</param>
public sealed record PipelineRequest(string InputPath, string OutputPath, MaskingPolicy Policy, byte[] DatasetSecret)
{
    /// <summary>Where to write the report as JSON as well (it is always in the Parquet metadata).</summary>
    public string? ReportPath { get; init; }

    /// <summary>The day age bands are computed against; today (UTC) when not given.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>Threads masking rows; when not given, one per core the process may use but one.</summary>
    public int? MaskingWorkers { get; init; }
}

/// <param name="Phase">classify, scan (reading the quasi-identifiers), search (choosing their levels) or mask (masking and writing).</param>
public sealed record PipelineProgress(string Phase, long Rows, long BytesRead, long TotalBytes);
