using DataPort.Identity;
using DataPort.Identity.Clients;
using DataPort.Identity.Keys;
using DataPort.Identity.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The OAuth 2.0 endpoints at IdentityServer's paths: discovery, JWKS, token (RFC 6749 §4.4), introspection
/// (RFC 7662) and revocation (RFC 7009). Errors are RFC 6749 §5.2 JSON, not problem details.
/// </summary>
internal static class IdentityProtocol
{
    public static IEndpointRouteBuilder MapIdentityProtocol(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("").WithTags("OAuth").AllowAnonymous();
        wellKnown.MapGet(DiscoveryDocument.Path, GetDiscoveryDocument).WithName(nameof(GetDiscoveryDocument));
        wellKnown.MapGet(DiscoveryDocument.JwksPath, GetJsonWebKeySet).WithName(nameof(GetJsonWebKeySet));

        // Clients post forms without antiforgery tokens: they authenticate with their own credentials instead.
        // No Accepts<T>() metadata: routing would answer another media type with 415, where RFC 6749 wants invalid_request.
        var connect = app.MapGroup("").WithTags("OAuth").AllowAnonymous().DisableAntiforgery();
        connect.MapPost(DiscoveryDocument.TokenPath, RequestToken).WithName(nameof(RequestToken))
            .Produces<TokenResponse>().Produces<OAuthErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<OAuthErrorResponse>(StatusCodes.Status401Unauthorized).Produces<OAuthErrorResponse>(StatusCodes.Status429TooManyRequests);
        connect.MapPost(DiscoveryDocument.IntrospectionPath, IntrospectToken).WithName(nameof(IntrospectToken))
            .Produces<Dictionary<string, object>>().Produces<OAuthErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<OAuthErrorResponse>(StatusCodes.Status401Unauthorized).Produces<OAuthErrorResponse>(StatusCodes.Status429TooManyRequests);
        connect.MapPost(DiscoveryDocument.RevocationPath, RevokeToken).WithName(nameof(RevokeToken))
            .Produces(StatusCodes.Status200OK).Produces<OAuthErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<OAuthErrorResponse>(StatusCodes.Status401Unauthorized).Produces<OAuthErrorResponse>(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static Ok<DiscoveryDocument> GetDiscoveryDocument(HttpRequest request, IOptions<IdentityServiceOptions> options) =>
        TypedResults.Ok(DiscoveryDocument.Create(
            IdentityServiceDefaults.Issuer(options.Value), $"{request.Scheme}://{request.Host}{request.PathBase}"));

    public static async Task<Ok<JsonWebKeySetDocument>> GetJsonWebKeySet(SigningKeyRing keys, CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        return TypedResults.Ok(new JsonWebKeySetDocument(published.Select(PublicJsonWebKey.From).ToList()));
    }

    public static async Task<Results<JsonHttpResult<TokenResponse>, JsonHttpResult<OAuthErrorResponse>>> RequestToken(
        HttpContext context, ClientAuthenticator authenticator, ClientCredentialsGrant grant, CancellationToken cancellationToken)
    {
        var request = await AuthenticatedRequestAsync(context, authenticator, cancellationToken);
        if (request.Error is { } requestError)
        {
            return Error(context.Response, requestError);
        }
        var (client, form) = request.Value;
        var token = await grant.HandleAsync(client, form, cancellationToken);
        return token.Error is { } grantError ? Error(context.Response, grantError) : TypedResults.Json(token.Value!);
    }

    public static async Task<Results<JsonHttpResult<IReadOnlyDictionary<string, object>>, JsonHttpResult<OAuthErrorResponse>>> IntrospectToken(
        HttpContext context, ClientAuthenticator authenticator, TokenIntrospection introspection, CancellationToken cancellationToken)
    {
        var request = await TokenRequestAsync(context, authenticator, cancellationToken);
        if (request.Error is { } requestError)
        {
            return Error(context.Response, requestError);
        }
        var (client, token) = request.Value;
        return TypedResults.Json(await introspection.IntrospectAsync(client, token, cancellationToken));
    }

    public static async Task<Results<Ok, JsonHttpResult<OAuthErrorResponse>>> RevokeToken(
        HttpContext context, ClientAuthenticator authenticator, TokenRevocation revocation, CancellationToken cancellationToken)
    {
        var request = await TokenRequestAsync(context, authenticator, cancellationToken);
        if (request.Error is { } requestError)
        {
            return Error(context.Response, requestError);
        }
        // token_type_hint is only a hint (§2.1); this server has access tokens only, so it is not needed.
        var (client, token) = request.Value;
        await revocation.RevokeAsync(client, token, cancellationToken);
        return TypedResults.Ok();
    }

    /// <summary>
    /// What every token-endpoint call starts with: a no-store response, a well-formed form body and an
    /// authenticated client, in that order, so that a malformed body is reported before bad credentials.
    /// </summary>
    private static async Task<OAuthResult<(OAuthClient Client, IFormCollection Form)>> AuthenticatedRequestAsync(
        HttpContext context, ClientAuthenticator authenticator, CancellationToken cancellationToken)
    {
        NoStore(context.Response);
        var form = await OAuthForm.ReadAsync(context.Request, cancellationToken);
        if (form.Error is { } formError)
        {
            return formError;
        }
        var client = await authenticator.AuthenticateAsync(context.Request, form.Value!, cancellationToken);
        return client.Error is { } clientError ? clientError : OAuthResult.Ok((client.Value!, form.Value!));
    }

    /// <summary>Introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1) both require the <c>token</c> parameter.</summary>
    private static async Task<OAuthResult<(OAuthClient Client, string Token)>> TokenRequestAsync(
        HttpContext context, ClientAuthenticator authenticator, CancellationToken cancellationToken)
    {
        var request = await AuthenticatedRequestAsync(context, authenticator, cancellationToken);
        if (request.Error is { } requestError)
        {
            return requestError;
        }
        var (client, form) = request.Value;
        return form.Value("token") is { } token
            ? OAuthResult.Ok((client, token))
            : OAuthError.InvalidRequest("The parameter token is required.");
    }

    /// <summary>RFC 6749 §5.1: responses with tokens or credentials are never cached.</summary>
    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private static JsonHttpResult<OAuthErrorResponse> Error(HttpResponse response, OAuthError error)
    {
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = ClientAuthenticator.Challenge;
        }
        if (error.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return TypedResults.Json(OAuthErrorResponse.From(error), statusCode: error.StatusCode);
    }
}
