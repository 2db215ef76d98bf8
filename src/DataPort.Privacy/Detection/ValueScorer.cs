namespace DataPort.Privacy.Detection;

/// <summary>How well one value fits each entity, in [0, 1]; 1 means it validated (check digit, region, date).</summary>
public static class ValueScorer
{
    /// <summary>Entities scored value by value, in order of precedence when two score the same.</summary>
    public static IReadOnlyList<string> Entities { get; } =
    [
        EntityIds.ResidentId, EntityIds.Uscc, EntityIds.Mobile, EntityIds.Landline, EntityIds.BankCard,
        EntityIds.Email, EntityIds.IpAddress, EntityIds.HkMacauPermit, EntityIds.Passport, EntityIds.LicensePlate,
        EntityIds.GeoCoordinate, EntityIds.DateOfBirth, EntityIds.PersonName, EntityIds.Address,
    ];

    public static double Score(string entity, ReadOnlySpan<char> value, DateOnly today) => entity switch
    {
        EntityIds.ResidentId => ResidentId.IsValid(value, today) ? 1 : 0,
        EntityIds.Uscc => Uscc.IsValid(value) ? 1 : 0,
        EntityIds.Mobile => Phone.IsMobile(value) ? 1 : 0,
        EntityIds.Landline => Phone.IsLandline(value) ? 1 : 0,
        EntityIds.BankCard => BankCard.Score(value),
        EntityIds.Email => Email.IsValid(value) ? 1 : 0,
        EntityIds.IpAddress => IpAddress.IsValid(value) ? 1 : 0,
        EntityIds.HkMacauPermit => TravelDocuments.IsHkMacauPermit(value) ? 1 : 0,
        EntityIds.Passport => TravelDocuments.PassportScore(value),
        EntityIds.LicensePlate => LicensePlate.IsValid(value) ? 1 : 0,
        EntityIds.GeoCoordinate => GeoCoordinate.Score(value),
        EntityIds.DateOfBirth => Dates.BirthDateScore(value, today),
        EntityIds.PersonName => PersonName.Score(value),
        EntityIds.Address => Address.Score(value),
        _ => 0,
    };
}
