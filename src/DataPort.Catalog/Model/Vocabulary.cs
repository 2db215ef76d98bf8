namespace DataPort.Catalog.Model;

/// <summary>The closed word lists a catalog file may use; the loader rejects anything else.</summary>
public static class Vocabulary
{
    /// <summary>
    /// Entity ids the privacy detector recognises. A column's intended classification must be one of these
    /// (or <c>none</c>) so the pipeline can check its own verdict against the owner's intent.
    /// </summary>
    public static readonly IReadOnlySet<string> Entities = new HashSet<string>(StringComparer.Ordinal)
    {
        "person_name", "cn_resident_id", "cn_mobile", "cn_landline", "email", "cn_uscc", "bank_card",
        "cn_license_plate", "address", "date_of_birth", "ip_address", "passport", "hk_macau_permit",
        "geo_coordinate", "free_text_with_pii",
    };

    public const string NoEntity = "none";

    /// <summary>What a column's values are about (<c>subject</c>): a person unless the owner says a place.</summary>
    public const string PersonSubject = "person";

    public const string PlaceSubject = "place";

    /// <summary>Entities whose values may locate or reach a place instead of a person.</summary>
    public static readonly IReadOnlySet<string> PlaceEntities = new HashSet<string>(StringComparer.Ordinal)
    {
        "geo_coordinate", "address", "cn_landline",
    };

    /// <summary>Themes follow the domains of the 2024 Digital Xiamen work plan and the smart-city reply.</summary>
    public static readonly IReadOnlySet<string> Themes = new HashSet<string>(StringComparer.Ordinal)
    {
        "transport", "health", "city_management", "enterprise", "culture_tourism", "infrastructure",
        "education", "agriculture", "environment", "social_governance", "port_logistics",
    };

    public static readonly IReadOnlySet<string> UpdateFrequencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "realtime", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly",
    };

    public static readonly IReadOnlySet<string> OrganisationKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "department", "district", "operator", "merchant",
    };
}
