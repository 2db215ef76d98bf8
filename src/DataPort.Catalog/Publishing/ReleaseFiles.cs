namespace DataPort.Catalog.Publishing;

/// <summary>
/// Where a dataset's files live under the data directory: raw uploads, their drafts, and masked releases
/// (<c>releases/DATASET/vN.parquet</c> with the pipeline's report beside it). Nothing is ever written under the
/// source tree, and no path outside these folders is ever read.
/// </summary>
/// <param name="dataDirectory">The port's data directory (<c>Uploads:DataDirectory</c>).</param>
/// <param name="releaseDirectory">Where releases go when not <c>DATA/releases</c> (the CLI's <c>--out-dir</c>).</param>
public sealed class ReleaseFiles(string dataDirectory, string? releaseDirectory = null)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string ReleaseDirectory { get; } = Path.GetFullPath(releaseDirectory ?? Path.Combine(dataDirectory, "releases"));

    public string UploadFolder(string datasetId) => Path.Combine(DataDirectory, "uploads", SafeName(datasetId));

    public string Upload(string datasetId, string uploadId) => Path.Combine(UploadFolder(datasetId), $"{SafeName(uploadId)}.csv");

    public (string Parquet, string Report) Draft(string datasetId, string uploadId, int revision)
    {
        var stem = Path.Combine(DataDirectory, "drafts", SafeName(datasetId), $"{SafeName(uploadId)}.r{revision}");
        return (stem + ".parquet", stem + ".report.json");
    }

    public (string Parquet, string Report) Release(string datasetId, int version)
    {
        var stem = Path.Combine(ReleaseDirectory, SafeName(datasetId), $"v{version}");
        return (stem + ".parquet", stem + ".report.json");
    }

    // Ids become folder and file names: anything but letters, digits, '.', '-' and '_' is replaced.
    internal static string SafeName(string id)
    {
        var safe = new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return safe.Trim('.') is { Length: > 0 } trimmed ? trimmed : "_";
    }
}
