using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

/// <summary>
/// What a developer may ask for: a licence option of an available dataset, for a stated purpose and named
/// columns. Requesting access and placing an order both start here, so both refuse the same things alike.
/// </summary>
public static class DatasetOffer
{
    /// <summary>The dataset (404 if absent, 409 if not on offer) and its licence option (422 if unknown).</summary>
    public static (Dataset Dataset, LicenceOption Licence) Require(Dataset? dataset, string licenceOptionId)
    {
        var available = dataset ?? throw new NotFoundException("The dataset does not exist.");
        if (!available.Available)
        {
            throw new InvalidTransitionException(available.Suspension is { } s
                ? $"Dataset '{available.DatasetId}' is suspended by the regulator ({s.Reason})."
                : $"Dataset '{available.DatasetId}' is {available.Status}, not published.");
        }
        var licence = available.LicenceOptions.FirstOrDefault(o => o.Id == licenceOptionId)
            ?? throw new InvalidInputException($"Dataset '{available.DatasetId}' offers no licence option '{licenceOptionId}'.");
        return (available, licence);
    }

    /// <summary>
    /// Purpose limitation (个人信息保护法 art. 6): the purpose is on record even where the licence is broad, and
    /// the fields are distinct columns of the dataset.
    /// </summary>
    public static void RequirePurposeAndFields(Dataset dataset, string? purpose, IReadOnlyList<string>? fields)
    {
        Guard.Required(purpose, "purpose", TextLimits.Purpose);
        Guard.NotEmpty(fields, "fields");
        Guard.Unique(fields!, "fields");
        var unknown = fields!.Where(f => dataset.Columns.All(col => col.Name != f)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException($"Dataset '{dataset.DatasetId}' has no column(s) {string.Join(", ", unknown)}.");
        }
    }
}
