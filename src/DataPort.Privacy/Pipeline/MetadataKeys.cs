namespace DataPort.Privacy.Pipeline;

/// <summary>Parquet key-value metadata written by the pipeline.</summary>
public static class MetadataKeys
{
    /// <summary>The run's report as JSON (without the file's own hash).</summary>
    public const string Report = "dataport.report";
    /// <summary>Name and SHA-256 of the masking policy: "default sha256:…".</summary>
    public const string MaskingPolicy = "dataport.masking_policy";
    /// <summary>SHA-256 over the masked values, for lineage.</summary>
    public const string ContentHash = "dataport.content_hash";
    /// <summary>SHA-256 of the source file.</summary>
    public const string SourceHash = "dataport.source_sha256";
}
