using DataPort.Catalog.Uploads;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Jobs;
using DataPort.Parquet.Csv;
using DataPort.Server.Web.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/datasets/{id}</c>: one of the merchant's datasets: its versions and uploads, and a form to upload a CSV
/// for the next version. The file goes through the same <see cref="UploadReceiver"/> as
/// <c>POST /api/datasets/{id}/uploads</c>; the page then follows the pipeline's draft.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
[UploadBodyLimit]
public sealed class DatasetModel(Orleans.IGrainFactory grains, UploadReceiver receiver, IStringLocalizer<Text> text) : PageModel
{
    public static string PathOf(string datasetId) => $"{DatasetsModel.Path}/{Uri.EscapeDataString(datasetId)}";

    public Dataset Dataset { get; private set; } = null!;

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(string id, IFormFile? file, string? encoding, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id) || Caller.FromClaims(User) is not { } caller)
        {
            return NotFound();
        }
        if (file is null || file.Length == 0)
        {
            return Refuse("UploadChooseFile");
        }
        if (!CsvEncodings.TryParse(encoding, out var textEncoding))
        {
            return Refuse("UploadUnknownEncoding");
        }
        try
        {
            await using var content = file.OpenReadStream();
            var upload = await receiver.ReceiveAsync(id, new IncomingFile(file.FileName, textEncoding, content, file.Length), caller, cancellationToken);
            return Redirect(UploadModel.PathOf(id, upload.UploadId));
        }
        catch (UploadRejectedException e)
        {
            return RefuseWith(e.Line is { } line ? $"{e.Message} (line {line})" : e.Message);
        }
        catch (UploadTooLargeException e)
        {
            return RefuseWith(e.Message);
        }
        catch (DomainException refusal)
        {
            return RefuseWith(refusal.Reason);
        }
        catch (JobsDisabledException)
        {
            return Refuse("UploadNoPipeline");
        }
    }

    private PageResult Refuse(string key) => RefuseWith(text[key]);

    private PageResult RefuseWith(string reason)
    {
        Refusal = reason;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The dataset, when the caller's organisation owns it; anyone else is told it does not exist.</summary>
    private async Task<bool> LoadAsync(string id)
    {
        var dataset = (await grains.GetGrain<IDatasetGrain>(id).GetAsync())?.State;
        if (dataset is null || User.IsApp() || dataset.OwnerOrganisationId != User.OrganisationId())
        {
            return false;
        }
        Dataset = dataset;
        return true;
    }
}
