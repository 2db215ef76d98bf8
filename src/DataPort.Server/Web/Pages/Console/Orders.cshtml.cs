using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Trading.Orders;
using DataPort.Trading.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/orders</c> and <c>/console/orders/{id}</c>: what the organisation has bought. An order's contract (the
/// licence, price, purpose and fields fixed when it was placed), paying it with the payment provider, and its delivery:
/// the grant (after the owner's approval where the licence is purpose-limited) and the signed voucher. The same
/// commands as <c>/api/orders</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class OrdersModel(OrderQueries orders, Orleans.IGrainFactory grains, IPaymentProvider payments, TimeProvider clock) : PageModel
{
    public const string Path = "/console/orders";

    public static string PathOf(string orderId) => $"{Path}/{Uri.EscapeDataString(orderId)}";

    public IReadOnlyList<OrderSummary> Bought { get; private set; } = [];

    public Order? Order { get; private set; }

    public string? Refusal { get; private set; }

    /// <summary>Payment was started on this request: the provider confirms in a moment.</summary>
    public bool PaymentStarted { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string? id, bool paying, CancellationToken cancellationToken)
    {
        PaymentStarted = paying;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPayAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Order is not { } order)
        {
            return NotFound();
        }
        if (order.Status != OrderStatus.AwaitingPayment)
        {
            return Redirect(PathOf(id));
        }
        await payments.StartAsync(new PaymentRequest(id, order.Contract.Total, $"DataPort order {id}: {order.Contract.DatasetId}"), cancellationToken);
        return Redirect($"{PathOf(id)}?paying=true");
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Caller.FromClaims(User) is not { } buyer)
        {
            return NotFound();
        }
        try
        {
            await grains.GetGrain<IOrderGrain>(id).ExecuteAsync(new CancelOrder(id, buyer, Reason ?? "", clock.GetUtcNow()), buyer.Id);
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect(PathOf(id));
    }

    /// <summary>The organisation's purchases, or one of them; another organisation's order is answered as unknown.</summary>
    private async Task<bool> LoadAsync(string? id, CancellationToken cancellationToken)
    {
        if (User.OrganisationId() is not { } organisation || User.IsApp())
        {
            return false;
        }
        if (id is null)
        {
            Bought = await orders.ListAsync(organisation, OrderParty.Buyer, 100, cancellationToken);
            return true;
        }
        Order = (await grains.GetGrain<IOrderGrain>(id).GetAsync())?.State;
        return Order?.BuyerOrganisationId == organisation;
    }
}
