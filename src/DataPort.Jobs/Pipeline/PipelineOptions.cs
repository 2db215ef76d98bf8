namespace DataPort.Jobs;

/// <summary>Settings of <c>Jobs:Pipeline</c>: the masking policy and how pseudonym keys are made.</summary>
public sealed class PipelineOptions
{
    /// <summary>A masking policy file; the privacy module's embedded default when empty.</summary>
    public string? PolicyPath { get; set; }

    /// <summary>
    /// Base64 of at least 32 random bytes. Each dataset's pseudonym key is derived from it (HKDF with the
    /// dataset id), so every release of a dataset pseudonymises alike and joins across releases survive.
    /// Without it pipeline runs fail, naming this setting: a made-up key would break those joins.
    /// </summary>
    public string? PseudonymKey { get; set; }

    public const string PseudonymKeySetting = "Jobs:Pipeline:PseudonymKey";
}
