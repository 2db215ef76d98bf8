using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Identity.Users;
using DataPort.Trading.Settlement;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/organisations</c>: the operators' console for the people side. Organisations and their accounts; make
/// an organisation, add a person with roles and a first password, reset a person's two-factor sign-in; set the
/// public-data fee cap. The same services and rules as <c>/api/organisations</c> and <c>PUT /api/trading/fee-cap</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class OrganisationsModel(
    OrganisationStore organisations, UserAccounts accounts, FeeCaps feeCaps, IStringLocalizer<Text> text, TimeProvider clock) : PageModel
{
    public const string Path = "/console/organisations";

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    public Money FeeCap { get; private set; }

    public string? Refusal { get; private set; }

    public string? Done { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Org { get; set; }

    [BindProperty]
    public NewOrganisationForm NewOrganisation { get; set; } = new();

    [BindProperty]
    public NewPersonForm NewPerson { get; set; } = new();

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public decimal? CapYuan { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Done = done;
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostOrganisationAsync(CancellationToken cancellationToken)
    {
        if (!IsOperator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var id = NewOrganisation.Id?.Trim() ?? "";
        if (!Identity.Organisations.IsValidId(id))
        {
            return await RefuseAsync(text["OrganisationIdInvalid"], cancellationToken);
        }
        if (string.IsNullOrWhiteSpace(NewOrganisation.Name))
        {
            return await RefuseAsync(text["OrganisationNameRequired"], cancellationToken);
        }
        if (!await organisations.TryCreateAsync(new Organisation(id, NewOrganisation.Name.Trim(), clock.GetUtcNow()), cancellationToken))
        {
            return await RefuseAsync(text["OrganisationTaken", id], cancellationToken);
        }
        return Redirect($"{Path}?org={Uri.EscapeDataString(id)}&done=organisation");
    }

    public async Task<IActionResult> OnPostPersonAsync(CancellationToken cancellationToken)
    {
        if (!IsOperator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        try
        {
            await accounts.CreateAsync(new NewUser(Org ?? "", NewPerson.Email?.Trim() ?? "", NewPerson.DisplayName?.Trim() ?? "",
                NewPerson.Password ?? "", NewPerson.Roles), cancellationToken);
        }
        catch (Exception e) when (e is IdentityValidationException or IdentityNotFoundException or IdentityConflictException)
        {
            return await RefuseAsync(e.Message, cancellationToken);
        }
        return Redirect($"{Path}?org={Uri.EscapeDataString(Org ?? "")}&done=person");
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken cancellationToken)
    {
        if (!IsOperator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!await accounts.ResetTwoFactorAsync(Email ?? ""))
        {
            return await RefuseAsync(text["PersonUnknown"], cancellationToken);
        }
        return Redirect($"{Path}?org={Uri.EscapeDataString(Org ?? "")}&done=two-factor");
    }

    public async Task<IActionResult> OnPostFeeCapAsync(CancellationToken cancellationToken)
    {
        if (!IsOperator() || Caller.FromClaims(User) is not { } caller)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var fen = (CapYuan ?? -1) * 100;
        if (fen < 0 || fen != decimal.Truncate(fen) || fen > long.MaxValue)
        {
            return await RefuseAsync(text["LicencePriceInvalid"], cancellationToken);
        }
        try
        {
            await feeCaps.SetAsync(caller, (long)fen, Reason ?? "", clock.GetUtcNow(), cancellationToken);
        }
        catch (DomainException refusal)
        {
            return await RefuseAsync(refusal.Reason, cancellationToken);
        }
        return Redirect($"{Path}?done=fee-cap");
    }

    private bool IsOperator() => Caller.FromClaims(User)?.Is(Roles.Operator) == true && !User.IsApp();

    private async Task<IActionResult> RefuseAsync(string reason, CancellationToken cancellationToken)
    {
        Refusal = reason;
        await ShowAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (!IsOperator())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Organisations = await organisations.ListAsync(cancellationToken);
        Users = Org is null ? [] : await accounts.ListAsync(Org, cancellationToken);
        FeeCap = await feeCaps.CurrentAsync(cancellationToken);
        return Page();
    }
}

public sealed class NewOrganisationForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}

public sealed class NewPersonForm
{
    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public string? Password { get; set; }

    public List<string> Roles { get; set; } = [];
}
