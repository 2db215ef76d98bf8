namespace DataPort.Privacy.Detection;

/// <summary>The entity ids of the classification contract; other tools match on these strings exactly.</summary>
public static class EntityIds
{
    public const string PersonName = "person_name";
    public const string ResidentId = "cn_resident_id";
    public const string Mobile = "cn_mobile";
    public const string Landline = "cn_landline";
    public const string Email = "email";
    public const string Uscc = "cn_uscc";
    public const string BankCard = "bank_card";
    public const string LicensePlate = "cn_license_plate";
    public const string Address = "address";
    public const string DateOfBirth = "date_of_birth";
    public const string IpAddress = "ip_address";
    public const string Passport = "passport";
    public const string HkMacauPermit = "hk_macau_permit";
    public const string GeoCoordinate = "geo_coordinate";
    public const string FreeTextWithPii = "free_text_with_pii";

    public static IReadOnlyList<string> All { get; } =
    [
        PersonName, ResidentId, Mobile, Landline, Email, Uscc, BankCard, LicensePlate, Address,
        DateOfBirth, IpAddress, Passport, HkMacauPermit, GeoCoordinate, FreeTextWithPii,
    ];

    /// <summary>
    /// Whether the entity identifies a natural person (PIPL art. 4). A USCC names an organisation,
    /// which is public registry information rather than personal information.
    /// </summary>
    public static bool IsPersonal(string entity) => entity != Uscc;

    /// <summary>
    /// Sensitive personal information per GB/T 35273-2020 annex B and PIPL art. 28: identity documents,
    /// financial accounts and precise location. Free text is judged by what it embeds, so it is decided per column.
    /// </summary>
    public static bool IsSensitive(string entity) => entity is ResidentId or Passport or HkMacauPermit or BankCard or GeoCoordinate;
}
