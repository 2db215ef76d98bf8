using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Server.Infrastructure;
using DataPort.Trading.Orders;
using DataPort.Trading.Payments;
using DataPort.Trading.Settlement;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Orders (订单): a developer organisation buys a licence; the contract is fixed when the order is placed;
/// paying starts a payment with the provider, whose callbacks pay the order; delivery issues the grant and a
/// signed voucher (交易凭证); the buyer may cancel before delivery, with a full refund when paid.
/// </summary>
public static class Orders
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(DataPortPolicies.CatalogRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListOrders).WithName(nameof(ListOrders));
        group.MapPost("/", PlaceOrder).WithName(nameof(PlaceOrder))
            .AddEndpointFilter<IdempotencyFilter<OrderRequest>>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetOrder).WithName(nameof(GetOrder));
        group.MapGet("/{id}/voucher", GetVoucher).WithName(nameof(GetVoucher));
        group.MapPost("/{id}/payments", PayOrder).WithName(nameof(PayOrder))
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/cancel", CancelOrder).WithName(nameof(CancelOrder))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The caller organisation's orders as buyer (default) or seller, newest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<OrderSummary>>, ProblemHttpResult>> ListOrders(
        OrderParty? party, int? limit, HttpContext http, OrderQueries orders, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        return TypedResults.Ok(await orders.ListAsync(actor.OrganisationId, party ?? OrderParty.Buyer, DomainHttp.PageSize(limit), cancellationToken));
    }

    /// <summary>Places an order; the licence's terms and price at this moment become the contract. Send an <c>Idempotency-Key</c>.</summary>
    public static async Task<Results<Created<Order>, ProblemHttpResult>> PlaceOrder(
        OrderRequest request, [AsParameters] CreateContext context, FeeCaps feeCaps, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(context.Http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        if (string.IsNullOrWhiteSpace(request.DatasetId))
        {
            return DomainHttp.Problem(new InvalidInputException("datasetId is required."));
        }
        var dataset = await context.Grains.GetGrain<IDatasetGrain>(request.DatasetId).GetAsync();
        var cap = await feeCaps.CurrentAsync(cancellationToken);
        var id = Guid.CreateVersion7().ToString("N");
        try
        {
            var placed = await context.Grains.GetGrain<IOrderGrain>(id).ExecuteAsync(new Domain.Trading.PlaceOrder(
                id, actor, dataset?.State, request.LicenceOptionId ?? "", request.Purpose ?? "", request.Fields ?? [],
                request.Quantity ?? 1, cap.Fen, context.Time.GetUtcNow()), actor.Id);
            DomainHttp.SetETag(context.Http, placed.Version);
            return TypedResults.Created($"/api/orders/{id}", placed.State);
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    /// <summary>One order; visible to its buyer and seller organisations, operators and regulators.</summary>
    public static async Task<Results<Ok<Order>, ProblemHttpResult>> GetOrder(string id, [AsParameters] ReadContext context)
    {
        var order = await context.Grains.GetGrain<IOrderGrain>(id).GetAsync();
        if (order is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, order.State))
        {
            return DomainHttp.NotFound($"Order '{id}'");
        }
        DomainHttp.SetETag(context.Http, order.Version);
        return TypedResults.Ok(order.State);
    }

    /// <summary>The signed transaction voucher of a delivered order; verify it with the platform's SM2 public key.</summary>
    public static async Task<Results<Ok<TransactionVoucher>, ProblemHttpResult>> GetVoucher(string id, [AsParameters] ReadContext context)
    {
        var order = await context.Grains.GetGrain<IOrderGrain>(id).GetAsync();
        if (order is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, order.State))
        {
            return DomainHttp.NotFound($"Order '{id}'");
        }
        return order.State.Voucher is { } voucher
            ? TypedResults.Ok(voucher)
            : DomainHttp.NotFound($"A voucher for order '{id}' (it is issued on delivery; the order is {order.State.Status})");
    }

    /// <summary>
    /// Starts paying the order's total with the payment provider. The answer is immediate (202); the order
    /// turns Paid when the provider confirms — poll the order.
    /// </summary>
    public static async Task<Results<Accepted<PaymentSession>, ProblemHttpResult>> PayOrder(
        string id, [AsParameters] ReadContext context, IPaymentProvider payments, CancellationToken cancellationToken)
    {
        var order = await context.Grains.GetGrain<IOrderGrain>(id).GetAsync();
        if (order is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, order.State))
        {
            return DomainHttp.NotFound($"Order '{id}'");
        }
        if (order.State.BuyerOrganisationId != actor.OrganisationId)
        {
            return DomainHttp.Problem(new ForbiddenException("Only the buying organisation pays its order."));
        }
        if (order.State.Status != OrderStatus.AwaitingPayment)
        {
            return DomainHttp.Problem(new InvalidTransitionException($"Order '{id}' is {order.State.Status}: there is nothing to pay."));
        }
        var session = await payments.StartAsync(
            new PaymentRequest(id, order.State.Contract.Total, $"DataPort order {id}: {order.State.Contract.DatasetId}"), cancellationToken);
        return TypedResults.Accepted($"/api/orders/{id}", session);
    }

    /// <summary>Cancels an order before delivery; a paid order is refunded in full.</summary>
    public static Task<Results<Ok<Order>, ProblemHttpResult>> CancelOrder(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        DomainHttp.ChangeAsync(context.Http, context.IfMatch, (actor, expected) =>
            context.Grains.GetGrain<IOrderGrain>(id).ExecuteAsync(
                new Domain.Trading.CancelOrder(id, actor, request.Reason ?? "", context.Time.GetUtcNow()), actor.Id, expected));

    private static bool CanSee(Caller actor, Order order) =>
        order.BuyerOrganisationId == actor.OrganisationId || order.Contract.SellerOrganisationId == actor.OrganisationId
        || actor.Is(Roles.Operator) || actor.Is(Roles.Regulator);
}

/// <summary>What to buy: a dataset's licence option, for a stated purpose and fields; subscriptions buy <c>quantity</c> terms.</summary>
public sealed record OrderRequest(string? DatasetId, string? LicenceOptionId, string? Purpose, IReadOnlyList<string>? Fields, int? Quantity);
