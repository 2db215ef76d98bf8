using Microsoft.Extensions.Options;

namespace DataPort.Catalog.Uploads;

/// <summary>Settings of <c>Uploads</c>: where files are kept and how large an upload may be.</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>
    /// Raw uploads, drafts and releases live here (<c>uploads/</c>, <c>drafts/</c>, <c>releases/</c>); never under the
    /// source tree. <c>scripts/run.sh</c> sets it to the checkout's <c>.data/</c>.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "DataPort");

    /// <summary>The largest upload accepted, in bytes as sent (2 GiB by default); larger ones get 413.</summary>
    public long MaxBytes { get; set; } = 2L << 30;
}

internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Uploads:DataDirectory must name a folder.");
        }
        if (options.MaxBytes < 1)
        {
            errors.Add("Uploads:MaxBytes must be at least 1.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
