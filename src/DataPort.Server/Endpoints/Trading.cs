using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Server.Infrastructure;
using DataPort.Trading.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>Clearing and settlement (清算结算), monthly statements, and the operator's public-data fee cap.</summary>
public static class Trading
{
    public static IEndpointRouteBuilder MapTrading(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trading").WithTags("Trading").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/settlements", RunSettlement).WithName(nameof(RunSettlement));
        group.MapGet("/statements", GetStatement).WithName(nameof(GetStatement));
        group.MapGet("/fee-cap", GetFeeCap).WithName(nameof(GetFeeCap)).AllowAnonymous();
        group.MapPut("/fee-cap", SetFeeCap).WithName(nameof(SetFeeCap));
        return app;
    }

    /// <summary>Operators settle every delivered, unsettled order up to <c>periodEnd</c>; a repeat settles nothing twice.</summary>
    public static Task<Results<Ok<SettlementReport>, ProblemHttpResult>> RunSettlement(
        SettlementRequest request, HttpContext http, SettlementRun settlement, CancellationToken cancellationToken) =>
        Refusable(http, actor => settlement.RunAsync(actor, request.PeriodEnd, cancellationToken));

    /// <summary>The month's statement for an organisation as buyer or merchant (the caller's own; operators and regulators any).</summary>
    public static Task<Results<Ok<Statement>, ProblemHttpResult>> GetStatement(
        string? organisationId, StatementParty party, int year, int month, HttpContext http, Statements statements, CancellationToken cancellationToken) =>
        Refusable(http, actor => statements.ForAsync(actor, organisationId ?? actor.OrganisationId, party, year, month, cancellationToken));

    /// <summary>The fee cap per charge that public-data products must respect now.</summary>
    public static async Task<Ok<FeeCapView>> GetFeeCap(FeeCaps caps, CancellationToken cancellationToken) =>
        TypedResults.Ok(new FeeCapView(await caps.CurrentAsync(cancellationToken)));

    /// <summary>Operators set the public-data fee cap; existing contracts keep their prices.</summary>
    public static Task<Results<Ok<FeeCapView>, ProblemHttpResult>> SetFeeCap(
        FeeCapRequest request, HttpContext http, FeeCaps caps, TimeProvider time, CancellationToken cancellationToken) =>
        Refusable(http, async actor =>
            new FeeCapView((await caps.SetAsync(actor, request.CapFen, request.Reason ?? "", time.GetUtcNow(), cancellationToken)).Cap));

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Refusable<T>(HttpContext http, Func<Caller, Task<T>> action)
    {
        if (Caller.FromClaims(http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        try
        {
            return TypedResults.Ok(await action(actor));
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }
}

public sealed record SettlementRequest(DateTimeOffset PeriodEnd);

public sealed record FeeCapRequest(long CapFen, string? Reason);

public sealed record FeeCapView(Money Cap);
