using System.Security.Claims;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Sign-out for the web catalog (signing in is a page: <c>Web/Pages/Account</c>), and <c>GET /api/me</c>, which shows any
/// authenticated caller the identity DataPort sees.
/// </summary>
internal static class IdentityAccount
{
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapIdentityAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignOutPath, SignOut).WithName(nameof(SignOut)).WithTags("Account").AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/api/me", GetMe).WithName(nameof(GetMe)).WithTags("Account").RequireAuthorization();
        return app;
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        // No form fields are bound here, so the antiforgery check is explicit.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(title: "The antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
        }
        await context.SignOutAsync(DataPortAuthenticationSchemes.Cookie);
        return TypedResults.Redirect("/");
    }

    public static Ok<MeView> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeView(
        user.SubjectId() ?? "",
        user.OrganisationId(),
        user.Roles().Order(StringComparer.Ordinal).ToList(),
        user.Scopes().Order(StringComparer.Ordinal).ToList(),
        user.ClientIdOf(),
        user.Claims.Select(c => new ClaimView(c.Type, c.Value)).ToList()));
}

/// <summary>The caller as DataPort sees it: the claims of the caller-identity contract, and all claims for diagnosis.</summary>
public sealed record MeView(
    string Subject, string? OrganisationId, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string? ClientId,
    IReadOnlyList<ClaimView> Claims);

public sealed record ClaimView(string Type, string Value);
