using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.ReadModels.Grants;
using DataPort.Sandbox.Loading;

namespace DataPort.Server.Web.Console;

/// <summary>The developer's grants a sandbox page offers, the one chosen and the loaded version it reads.</summary>
public sealed record GrantChoice(
    IReadOnlyList<GrantView> Grants, IReadOnlyDictionary<string, LocalizedText> Titles, GrantView? Chosen, LoadedVersion? Table)
{
    public string? GrantId => Chosen?.GrantId;
}

/// <summary>
/// Picks the grant a sandbox page works with: the organisation's active grants that the page can use, the one asked
/// for (or the first when none was), and the sandbox version it reads (its pinned version, else the latest loaded).
/// </summary>
public sealed class GrantChooser(GrantDirectory directory, SandboxVersions versions, Orleans.IGrainFactory grains)
{
    public async Task<GrantChoice> ChooseAsync(string organisationId, string? grantId, Func<GrantView, bool> usable, CancellationToken cancellationToken)
    {
        var page = await directory.ListAsync(new GrantSearch(organisationId, null, null, 1, 200), cancellationToken);
        IReadOnlyList<GrantView> grants = [.. page.Items.Where(g => g.DeveloperOrganisationId == organisationId && g.Status == GrantStatus.Active && usable(g))];
        var titles = await DatasetTitles.OfAsync(grains, grants.Select(g => g.DatasetId));
        var chosen = grants.FirstOrDefault(g => g.GrantId == grantId) ?? (grantId is null && grants.Count > 0 ? grants[0] : null);
        LoadedVersion? table = null;
        if (chosen is not null)
        {
            var loaded = (await versions.ListAsync(cancellationToken)).Where(v => v.DatasetId == chosen.DatasetId);
            table = chosen.DatasetVersion is { } pinned ? loaded.FirstOrDefault(v => v.Version == pinned) : loaded.MaxBy(v => v.Version);
        }
        return new GrantChoice(grants, titles, chosen, table);
    }
}
