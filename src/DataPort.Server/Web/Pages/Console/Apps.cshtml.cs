using DataPort.Identity;
using DataPort.Identity.Clients;
using DataPort.Identity.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/apps</c>: a signed-in merchant, developer or regulator makes and keeps their organisation's apps — the
/// client id and secret the SDK signs in with. A secret is shown once, on the page that made it; apps can be disabled
/// (their tokens are refused at once) and secrets rotated. The same rules as <c>/api/organisations/{org}/clients</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class AppsModel(ClientStore store, ClientManagement management) : PageModel
{
    public const string Path = "/console/apps";

    public IReadOnlyList<OAuthClient> Apps { get; private set; } = [];

    public IReadOnlySet<string> GrantableScopes { get; private set; } = new HashSet<string>();

    /// <summary>A secret just made, with the app it belongs to: shown on this response only.</summary>
    public (OAuthClient App, string Secret)? NewSecret { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public Guid SecretId { get; set; }

    private string Organisation => User.OrganisationId() ?? "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        CanManage() ? await ShowAsync(cancellationToken) : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!CanManage())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var grantable = ClientManagement.GrantableScopes(User);
        var chosen = Scopes.Where(grantable.Contains).ToList();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            return await RefuseAsync("AppNameRequired", cancellationToken);
        }
        if (chosen.Count == 0)
        {
            return await RefuseAsync("ScopesRequired", cancellationToken);
        }
        var (app, secret) = await management.CreateAsync(
            Organisation, new NewClient(Name, chosen, GrantTypes: null), User.SubjectId() ?? "", cancellationToken);
        NewSecret = (app, secret.Value);
        return await ShowAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) => SetEnabledAsync(false, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) => SetEnabledAsync(true, cancellationToken);

    public async Task<IActionResult> OnPostNewSecretAsync(CancellationToken cancellationToken)
    {
        if (!CanManage())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var secret = await management.AddSecretAsync(Organisation, ClientId ?? "", description: "Made in the web console", expiresAt: null, cancellationToken);
        if (secret is null || await store.FindAsync(Organisation, ClientId ?? "", cancellationToken) is not { } app)
        {
            return await RefuseAsync("AppNotFound", cancellationToken);
        }
        NewSecret = (app, secret.Value);
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostExpireSecretAsync(CancellationToken cancellationToken)
    {
        if (!CanManage())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await store.ExpireSecretAsync(Organisation, ClientId ?? "", SecretId, DateTimeOffset.UtcNow, cancellationToken)
            ? Redirect(Path)
            : await RefuseAsync("AppNotFound", cancellationToken);
    }

    private async Task<IActionResult> SetEnabledAsync(bool enabled, CancellationToken cancellationToken)
    {
        if (!CanManage())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await store.SetEnabledAsync(Organisation, ClientId ?? "", enabled, cancellationToken)
            ? Redirect(Path)
            : await RefuseAsync("AppNotFound", cancellationToken);
    }

    /// <summary>A person (the cookie scheme admits no app) allowed to manage their own organisation's apps by the API's rule.</summary>
    private bool CanManage() => Organisation.Length > 0 && Endpoints.IdentityClients.CanManage(User, Organisation);

    private async Task<PageResult> RefuseAsync(string message, CancellationToken cancellationToken)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(cancellationToken);
    }

    private async Task<PageResult> ShowAsync(CancellationToken cancellationToken)
    {
        Apps = await store.ListAsync(Organisation, cancellationToken);
        GrantableScopes = ClientManagement.GrantableScopes(User);
        return Page();
    }
}
