using System.Security.Claims;
using DataPort.Identity;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>Organisations and their user accounts. Operators create both; members may list their own organisation's users.</summary>
internal static class IdentityOrganisations
{
    public static IEndpointRouteBuilder MapIdentityOrganisations(this IEndpointRouteBuilder app)
    {
        var organisations = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        organisations.MapPost("/", CreateOrganisation).WithName(nameof(CreateOrganisation))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        organisations.MapGet("/{org}/users", ListUsers).WithName(nameof(ListUsers))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        organisations.MapPost("/{org}/users", CreateUser).WithName(nameof(CreateUser))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Created<OrganisationView>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest request, ClaimsPrincipal user, OrganisationStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!IsOperator(user))
        {
            return Forbidden("Only operators create organisations.");
        }
        if (!Organisations.IsValidId(request.Id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["2–64 lower-case letters, digits or hyphens, starting with a letter or digit."],
            });
        }
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["A name is required."] });
        }
        var organisation = new Organisation(request.Id, request.Name.Trim(), clock.GetUtcNow());
        if (!await store.TryCreateAsync(organisation, cancellationToken))
        {
            return TypedResults.Problem(title: $"Organisation '{request.Id}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }
        return TypedResults.Created($"/api/organisations/{organisation.Id}", new OrganisationView(organisation.Id, organisation.Name, organisation.CreatedAt));
    }

    public static async Task<Results<Ok<IReadOnlyList<UserView>>, ProblemHttpResult>> ListUsers(
        string org, ClaimsPrincipal user, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (!IsOperator(user) && (user.IsApp() || user.OrganisationId() != org))
        {
            return Forbidden($"You cannot see the users of organisation '{org}'.");
        }
        var users = await accounts.ListAsync(org, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<UserView>>(users.Select(UserView.From).ToList());
    }

    public static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUser(
        string org, CreateUserRequest request, ClaimsPrincipal user, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (!IsOperator(user))
        {
            return Forbidden("Only operators create user accounts.");
        }
        try
        {
            var created = await accounts.CreateAsync(
                new NewUser(org, request.Email ?? "", request.DisplayName ?? "", request.Password ?? "", request.Roles ?? []),
                cancellationToken);
            return TypedResults.Created($"/api/organisations/{org}/users/{created.Id}", UserView.From(created));
        }
        catch (IdentityValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
        catch (IdentityNotFoundException e)
        {
            return TypedResults.Problem(title: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (IdentityConflictException e)
        {
            return TypedResults.Problem(title: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>A person with the operator role; an app never administers accounts.</summary>
    internal static bool IsOperator(ClaimsPrincipal user) => !user.IsApp() && user.Roles().Contains(DataPortRoles.Operator);

    internal static ProblemHttpResult Forbidden(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status403Forbidden);
}

public sealed record CreateOrganisationRequest(string Id, string Name);

public sealed record OrganisationView(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Password, IReadOnlyList<string>? Roles);

public sealed record UserView(Guid Id, string OrganisationId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut)
{
    public static UserView From(UserAccount user) =>
        new(user.Id, user.OrganisationId, user.Email, user.DisplayName, user.Roles, user.LockoutEnd is not null);
}
