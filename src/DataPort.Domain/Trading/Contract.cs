using DataPort.Domain.Datasets;

namespace DataPort.Domain.Trading;

/// <summary>
/// The terms fixed when an order is placed: a snapshot of the licence and its price at that moment, so a
/// later price change on the dataset never alters what the buyer agreed to (合同 of the 交易 step).
/// </summary>
public sealed record Contract(
    string DatasetId,
    string SellerOrganisationId,
    LicenceOption Licence,
    string Purpose,
    IReadOnlyList<string> Fields,
    int Quantity,
    Money UnitPrice,
    Money Total,
    bool OwnerApprovalRequired,
    DateTimeOffset FixedAt)
{
    /// <summary>Per-query licences are paid as they are used (metering), not up front.</summary>
    public bool PaidUpFront => Licence.Price.Kind is PriceKind.OneOff or PriceKind.Subscription;

    /// <summary>How long the resulting grant runs: subscriptions buy <see cref="Quantity"/> terms.</summary>
    public int TermDays => Licence.Price.Kind == PriceKind.Subscription ? Licence.TermDays * Quantity : Licence.TermDays;
}
