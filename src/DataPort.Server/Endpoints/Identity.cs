namespace DataPort.Server.Endpoints;

/// <summary>Everything of the identity module over HTTP: sign-in (the OAuth protocol is OpenIddict's, in the authentication middleware), organisations, users and clients.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapIdentityAccount();
        app.MapIdentityOrganisations();
        app.MapOrganisationOversight();
        app.MapIdentityClients();
        return app;
    }
}
