using DataPort.Domain.Common;
using DataPort.Domain.Organisations;
using DataPort.EventStore;
using DataPort.Identity;
using DataPort.Identity.Clients;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace DataPort.Server.Endpoints;

/// <summary>
/// A regulator suspends and resumes all of an organisation's apps, with a reason each time. The change and its event
/// (<c>organisation.apps-suspended</c> / <c>-resumed</c>, stream <c>organisation-{id}</c>) commit in one transaction;
/// from then on no token is issued to those apps and every call with a token already issued is refused (401).
/// </summary>
internal static class OrganisationOversight
{
    public static IEndpointRouteBuilder MapOrganisationOversight(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/api/organisations/{org}/apps").WithTags("Organisations").RequireAuthorization(DataPortPolicies.AuditRead)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        apps.MapPost("/suspend", SuspendOrganisationApps).WithName(nameof(SuspendOrganisationApps));
        apps.MapPost("/resume", ResumeOrganisationApps).WithName(nameof(ResumeOrganisationApps));
        return app;
    }

    /// <summary>Stops every app of the organisation until resumed; <c>reason</c> is required and recorded in the ledger.</summary>
    public static Task<Results<Ok<AppsSuspensionView>, ProblemHttpResult>> SuspendOrganisationApps(
        string org, ReasonRequest request, [AsParameters] OversightContext context, CancellationToken cancellationToken) =>
        ChangeAsync(org, request, suspend: true, context, cancellationToken);

    /// <summary>Lets the organisation's apps work again; <c>reason</c> is required and recorded in the ledger.</summary>
    public static Task<Results<Ok<AppsSuspensionView>, ProblemHttpResult>> ResumeOrganisationApps(
        string org, ReasonRequest request, [AsParameters] OversightContext context, CancellationToken cancellationToken) =>
        ChangeAsync(org, request, suspend: false, context, cancellationToken);

    private static async Task<Results<Ok<AppsSuspensionView>, ProblemHttpResult>> ChangeAsync(
        string org, ReasonRequest request, bool suspend, OversightContext context, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(context.Http.User) is not { } caller || !caller.Is(Roles.Regulator))
        {
            return TypedResults.Problem(title: "Not allowed.", detail: "Only regulators suspend and resume an organisation's apps.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return DomainHttp.BadField("reason", "Give the reason: it is recorded in the audit ledger and shown to the organisation.");
        }
        var (change, view) = await ApplyAsync(org, request.Reason.Trim(), suspend, caller, context, cancellationToken);
        return change switch
        {
            SuspensionChange.NoSuchOrganisation => DomainHttp.NotFound($"Organisation '{org}'"),
            SuspensionChange.AlreadySo => TypedResults.Problem(
                title: suspend ? "The organisation's apps are already suspended." : "The organisation's apps are not suspended.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Ok(view!),
        };
    }

    /// <summary>
    /// Suspends or resumes the organisation's apps and records the regulator's decision, in one transaction; the API
    /// and the ledger pages both decide through here. The caller is a regulator and the reason is not blank.
    /// </summary>
    internal static async Task<(SuspensionChange Change, AppsSuspensionView? View)> ApplyAsync(
        string org, string reason, bool suspend, Caller regulator, OversightContext context, CancellationToken cancellationToken)
    {
        var at = context.Time.GetUtcNow();
        await using var connection = await context.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var change = await AppSuspensions.SetAsync(transaction, org, suspend ? reason : null, at, cancellationToken);
        if (change != SuspensionChange.Changed)
        {
            return (change, null);
        }
        object decision = suspend
            ? new OrganisationAppsSuspended(org, reason, regulator.Id, at)
            : new OrganisationAppsResumed(org, reason, regulator.Id, at);
        await context.Events.AppendAsync(transaction, $"organisation-{org}", expectedVersion: null, [decision],
            new EventMetadata(regulator.Id, System.Diagnostics.Activity.Current?.TraceId.ToString()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (change, new AppsSuspensionView(org, suspend, reason, at));
    }
}

public sealed record OversightContext(HttpContext Http, NpgsqlDataSource DataSource, EventWriter Events, TimeProvider Time);

/// <summary>Whether the organisation's apps are now suspended, why, and since when.</summary>
public sealed record AppsSuspensionView(string OrganisationId, bool Suspended, string Reason, DateTimeOffset At);
