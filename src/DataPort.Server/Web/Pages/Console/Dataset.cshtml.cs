using DataPort.Catalog.Uploads;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Tabular.Csv;
using DataPort.Domain.Trading;
using DataPort.Trading.Settlement;
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
public sealed class DatasetModel(
    Orleans.IGrainFactory grains, UploadReceiver receiver, FeeCaps feeCaps, IStringLocalizer<Text> text, TimeProvider time) : PageModel
{
    public static string PathOf(string datasetId) => $"{DatasetsModel.Path}/{Uri.EscapeDataString(datasetId)}";

    public Dataset Dataset { get; private set; } = null!;

    public string? Refusal { get; private set; }

    /// <summary>The platform's cap on a public dataset's licence price.</summary>
    public Money FeeCap { get; private set; }

    [BindProperty]
    public LicenceForm Licence { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Offers a licence, as <c>POST /api/datasets/{id}/licence-options</c>; prices above the public-data cap are refused.</summary>
    public async Task<IActionResult> OnPostLicenceAsync(string id)
    {
        if (!await LoadAsync(id) || Caller.FromClaims(User) is not { } caller)
        {
            return NotFound();
        }
        if (Licence.ToOption() is not { } option)
        {
            return Refuse("LicencePriceInvalid");
        }
        try
        {
            await grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(new AddLicenceOption(id, option, caller, time.GetUtcNow()));
        }
        catch (DomainException refusal)
        {
            return RefuseWith(refusal.Reason);
        }
        return Redirect(PathOf(id) + "#licences");
    }

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
        FeeCap = await feeCaps.CurrentAsync(HttpContext.RequestAborted);
        return true;
    }
}

/// <summary>A licence option as the form posts it; the price in yuan, as people write it.</summary>
public sealed class LicenceForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool PurposeLimited { get; set; } = true;

    public int TermDays { get; set; } = 90;

    public bool DownloadAllowed { get; set; }

    public bool AggregateOnly { get; set; }

    public PriceKind Price { get; set; } = PriceKind.Free;

    public decimal AmountYuan { get; set; }

    /// <summary>The option, or null when the amount is not a whole number of fen.</summary>
    internal LicenceOption? ToOption()
    {
        var fen = Price == PriceKind.Free ? 0 : AmountYuan * 100;
        return fen != decimal.Truncate(fen) || fen < 0 || fen > long.MaxValue
            ? null
            : new LicenceOption(Id?.Trim() ?? "", Name?.Trim() ?? "", PurposeLimited, TermDays, DownloadAllowed, AggregateOnly, new PriceModel(Price, (long)fen));
    }
}
