using System.Security.Claims;
using DataPort.Identity;
using DataPort.Identity.Clients;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Developer apps (OAuth clients) of an organisation. Managed by its merchants, developers and regulators, by an app
/// of the same organisation holding <c>merchant.manage</c>, or by an operator. A secret is shown once, when made.
/// </summary>
internal static class IdentityClients
{
    public static IEndpointRouteBuilder MapIdentityClients(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/organisations/{org}/clients").WithTags("Clients")
            .RequireAuthorization(DataPortPolicies.MerchantManage)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        clients.MapGet("/", ListClients).WithName(nameof(ListClients));
        clients.MapPost("/", CreateClient).WithName(nameof(CreateClient)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapGet("/{clientId}", GetClient).WithName(nameof(GetClient)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapDelete("/{clientId}", DeleteClient).WithName(nameof(DeleteClient)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/disable", DisableClient).WithName(nameof(DisableClient)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/enable", EnableClient).WithName(nameof(EnableClient)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/secrets", AddClientSecret).WithName(nameof(AddClientSecret)).ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/secrets/{secretId:guid}/expire", ExpireClientSecret).WithName(nameof(ExpireClientSecret))
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ClientView>>, ProblemHttpResult>> ListClients(
        string org, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        var clients = await store.ListAsync(org, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ClientView>>(clients.Select(ClientView.From).ToList());
    }

    public static async Task<Results<Created<CreatedClientView>, ValidationProblem, ProblemHttpResult>> CreateClient(
        string org, CreateClientRequest request, ClaimsPrincipal user, ClientManagement management,
        DataPort.Identity.Users.OrganisationStore organisations, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        var scopes = request.Scopes ?? [];
        var grantable = ClientManagement.GrantableScopes(user);
        var beyond = scopes.Where(scope => DataPortScopes.IsKnown(scope) && !grantable.Contains(scope)).ToList();
        if (beyond.Count > 0)
        {
            return IdentityOrganisations.Forbidden($"You cannot give a client these scopes: {string.Join(", ", beyond)}.");
        }
        if (await organisations.FindAsync(org, cancellationToken) is null)
        {
            return TypedResults.Problem(title: $"Organisation '{org}' does not exist.", statusCode: StatusCodes.Status404NotFound);
        }
        try
        {
            var (client, secret) = await management.CreateAsync(
                org, new NewClient(request.Name ?? "", scopes, request.GrantTypes), user.SubjectId() ?? "", cancellationToken);
            return TypedResults.Created($"/api/organisations/{org}/clients/{client.ClientId}",
                new CreatedClientView(ClientView.From(client), secret.Info.Id, secret.Value));
        }
        catch (IdentityValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    public static async Task<Results<Ok<ClientView>, ProblemHttpResult>> GetClient(
        string org, string clientId, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        var client = await store.FindAsync(org, clientId, cancellationToken);
        return client is null ? NotFound(clientId) : TypedResults.Ok(ClientView.From(client));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteClient(
        string org, string clientId, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        return await store.DeleteAsync(org, clientId, cancellationToken) ? TypedResults.NoContent() : NotFound(clientId);
    }

    public static Task<Results<Ok<ClientView>, ProblemHttpResult>> DisableClient(
        string org, string clientId, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken) =>
        SetEnabled(org, clientId, enabled: false, user, store, cancellationToken);

    public static Task<Results<Ok<ClientView>, ProblemHttpResult>> EnableClient(
        string org, string clientId, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken) =>
        SetEnabled(org, clientId, enabled: true, user, store, cancellationToken);

    public static async Task<Results<Created<CreatedSecretView>, ValidationProblem, ProblemHttpResult>> AddClientSecret(
        string org, string clientId, AddSecretRequest request, ClaimsPrincipal user, ClientManagement management,
        CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        try
        {
            var secret = await management.AddSecretAsync(org, clientId, request.Description, request.ExpiresAt, cancellationToken);
            return secret is null
                ? NotFound(clientId)
                : TypedResults.Created($"/api/organisations/{org}/clients/{clientId}",
                    new CreatedSecretView(secret.Info.Id, secret.Value, secret.Info.Description, secret.Info.ExpiresAt));
        }
        catch (IdentityValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    /// <summary>Ends a secret now, or at a given time (to leave an app time to switch over); never extends one.</summary>
    public static async Task<Results<Ok<ClientView>, ProblemHttpResult>> ExpireClientSecret(
        string org, string clientId, Guid secretId, ExpireSecretRequest? request, ClaimsPrincipal user, ClientStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        var at = request?.At?.ToUniversalTime() ?? clock.GetUtcNow();
        if (!await store.ExpireSecretAsync(org, clientId, secretId, at, cancellationToken))
        {
            return TypedResults.Problem(title: $"Client '{clientId}' has no secret '{secretId}'.", statusCode: StatusCodes.Status404NotFound);
        }
        var client = await store.FindAsync(org, clientId, cancellationToken);
        return client is null ? NotFound(clientId) : TypedResults.Ok(ClientView.From(client));
    }

    private static async Task<Results<Ok<ClientView>, ProblemHttpResult>> SetEnabled(
        string org, string clientId, bool enabled, ClaimsPrincipal user, ClientStore store, CancellationToken cancellationToken)
    {
        if (!CanManage(user, org))
        {
            return Forbidden(org);
        }
        if (!await store.SetEnabledAsync(org, clientId, enabled, cancellationToken))
        {
            return NotFound(clientId);
        }
        var client = await store.FindAsync(org, clientId, cancellationToken);
        return client is null ? NotFound(clientId) : TypedResults.Ok(ClientView.From(client));
    }

    /// <summary>The organisation boundary: the <c>org</c> claim must name the organisation in the path (operators excepted).</summary>
    /// <summary>Who may manage an organisation's apps: its people with a role that owns apps, its apps with merchant.manage, operators.</summary>
    internal static bool CanManage(ClaimsPrincipal user, string org)
    {
        if (IdentityOrganisations.IsOperator(user))
        {
            return true;
        }
        if (user.OrganisationId() != org)
        {
            return false;
        }
        // Apps reach here only with merchant.manage (the group's policy); people need a role that owns apps.
        return user.IsApp() || user.Roles().Overlaps([DataPortRoles.Merchant, DataPortRoles.Developer, DataPortRoles.Regulator]);
    }

    private static ProblemHttpResult Forbidden(string org) =>
        IdentityOrganisations.Forbidden($"You cannot manage the clients of organisation '{org}'.");

    private static ProblemHttpResult NotFound(string clientId) =>
        TypedResults.Problem(title: $"Client '{clientId}' was not found in this organisation.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record CreateClientRequest(string? Name, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? GrantTypes);

public sealed record AddSecretRequest(string? Description, DateTimeOffset? ExpiresAt);

public sealed record ExpireSecretRequest(DateTimeOffset? At);

public sealed record ClientView(
    string ClientId, string OrganisationId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes,
    bool Enabled, DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<SecretView> Secrets)
{
    public static ClientView From(OAuthClient client) => new(
        client.ClientId, client.OrganisationId, client.Name, client.AllowedScopes, client.AllowedGrantTypes, client.Enabled,
        client.CreatedAt, client.CreatedBy,
        client.Secrets.Select(s => new SecretView(s.Id, s.Description, s.CreatedAt, s.ExpiresAt)).ToList());
}

/// <summary>A secret's metadata; its value is never returned after creation.</summary>
public sealed record SecretView(Guid Id, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>The new client and its first secret: <see cref="ClientSecret"/> is shown this once only.</summary>
public sealed record CreatedClientView(ClientView Client, Guid SecretId, string ClientSecret);

public sealed record CreatedSecretView(Guid Id, string Secret, string? Description, DateTimeOffset? ExpiresAt);
