namespace DataPort.Server.Endpoints;

/// <summary>Everything of the identity module over HTTP: OAuth protocol, sign-in, organisations, users and clients.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapIdentityProtocol();
        app.MapIdentityAccount();
        app.MapIdentityOrganisations();
        app.MapOrganisationOversight();
        app.MapIdentityClients();
        return app;
    }
}
