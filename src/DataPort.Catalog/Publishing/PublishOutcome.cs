namespace DataPort.Catalog.Publishing;

public enum PublishResult
{
    /// <summary>This run released version 1 and published the dataset (or published a version released earlier).</summary>
    Published,

    /// <summary>The dataset already had a version; nothing was done.</summary>
    Unchanged,

    /// <summary>Generating, masking or registering the release failed; <see cref="PublishOutcome.Detail"/> says why.</summary>
    Failed,
}

/// <summary>
/// What happened to one dataset, reported as soon as it is done. The detail says where the release went and
/// how many rows it holds, why nothing was done, or why it failed.
/// </summary>
public sealed record PublishOutcome(string DatasetId, PublishResult Result, string Detail, TimeSpan Elapsed);
