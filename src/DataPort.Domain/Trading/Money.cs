using System.Globalization;
using DataPort.Domain.Common;

namespace DataPort.Domain.Trading;

/// <summary>An amount in fen (分) with its currency. Integers only, checked arithmetic: money never rounds.</summary>
public readonly record struct Money(long Fen, string Currency)
{
    public const string Yuan = "CNY";

    public static Money Zero { get; } = new(0, Yuan);

    public static Money FromFen(long fen) => new(fen, Yuan);

    public Money Plus(Money other) => new(checked(Fen + SameCurrency(other).Fen), Currency);

    public Money Minus(Money other) => new(checked(Fen - SameCurrency(other).Fen), Currency);

    public Money Times(int quantity) => new(checked(Fen * quantity), Currency);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Fen / 100}.{Math.Abs(Fen % 100):D2} {Currency}");

    private Money SameCurrency(Money other) => other.Currency == Currency
        ? other
        : throw new InvalidInputException($"Cannot combine {Currency} with {other.Currency}.");
}
