namespace DataPort.Trading.Orders;

/// <summary>A row of the orders read model: what listings and statements show.</summary>
public sealed record OrderSummary(
    string OrderId,
    string BuyerOrganisationId,
    string SellerOrganisationId,
    string DatasetId,
    string LicenceOptionId,
    string PriceKind,
    long UnitPriceFen,
    int Quantity,
    long TotalFen,
    string Currency,
    string Status,
    long PaidFen,
    long RefundedFen,
    string? GrantId,
    string? VoucherNumber,
    string? SettlementId,
    DateTimeOffset PlacedAt,
    DateTimeOffset? FulfilledAt,
    long Version);
