using DataPort.Domain.Common;

namespace DataPort.Domain.Trading;

/// <summary>The operator set the fee cap per charge for public-data products (公共数据产品收费上限).</summary>
public sealed record PublicDataFeeCapSet(Money Cap, string Reason, string SetBy, DateTimeOffset SetAt);

public static class FeeCap
{
    /// <summary>Only operators set the cap; it is an amount in yuan fen, never negative.</summary>
    public static PublicDataFeeCapSet Set(Caller by, long capFen, string reason, DateTimeOffset at)
    {
        Guard.Role(by, "set the public-data fee cap", Roles.Operator);
        if (capFen < 0)
        {
            throw new InvalidInputException($"capFen must not be negative; got {capFen}.");
        }
        Guard.Required(reason, "reason");
        return new PublicDataFeeCapSet(Money.FromFen(capFen), reason, by.Id, at);
    }
}
