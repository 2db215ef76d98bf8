using DataPort.Domain.Datasets;
using Microsoft.Extensions.Localization;

namespace DataPort.Server.Web.Catalog;

/// <summary>What people read for a facet and its values, in the page's language.</summary>
public static class FacetLabels
{
    public static string Value(IStringLocalizer text, string facetKey, string value)
    {
        var label = facetKey switch
        {
            "theme" => text[$"Theme_{value}"],
            "grade" => text["GradeN", value],
            "licence" => text[value switch { "download" => "LicenceDownload", "aggregate" => "LicenceAggregate", _ => "LicenceSandbox" }],
            "price" => text[value == "free" ? "Free" : "Paid"],
            "frequency" => Enum.TryParse<UpdateFrequency>(value, ignoreCase: true, out var frequency) ? text[$"Frequency_{frequency}"] : null,
            // Department names are the catalog's own, in Chinese as the city publishes them.
            _ => null,
        };
        return label is null || label.ResourceNotFound ? value : label.Value;
    }

    public static string Frequency(IStringLocalizer text, UpdateFrequency frequency) => text[$"Frequency_{frequency}"];
}
