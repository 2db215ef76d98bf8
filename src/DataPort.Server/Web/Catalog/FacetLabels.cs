using Microsoft.Extensions.Localization;

namespace DataPort.Server.Web.Catalog;

/// <summary>What people read for a facet and its values, in the page's language.</summary>
public static class FacetLabels
{
    public static string Heading(string facetKey) => facetKey switch
    {
        "theme" => "FacetTheme",
        "department" => "FacetDepartment",
        "grade" => "FacetGrade",
        "licence" => "FacetLicence",
        "price" => "FacetPrice",
        _ => "FacetFrequency",
    };

    public static string Value(IStringLocalizer text, string facetKey, string value)
    {
        var label = facetKey switch
        {
            "theme" => text[$"Theme_{value}"],
            "grade" => text["GradeN", value],
            "licence" => text[value switch { "download" => "LicenceDownload", "aggregate" => "LicenceAggregate", _ => "LicenceSandbox" }],
            "price" => text[value == "free" ? "Free" : "Paid"],
            "frequency" => text[$"Frequency_{char.ToUpperInvariant(value[0])}{value[1..]}"],
            // Department names are the catalog's own, in Chinese as the city publishes them.
            _ => null,
        };
        return label is null || label.ResourceNotFound ? value : label.Value;
    }
}
