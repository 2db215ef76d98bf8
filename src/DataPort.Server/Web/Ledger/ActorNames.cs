using DataPort.Identity.Users;
using Microsoft.AspNetCore.Identity;

namespace DataPort.Server.Web.Ledger;

/// <summary>
/// Who an entry's actor is, for people reading the ledger: a person's email in place of their account id. Regulators
/// and operators see everyone's; anyone else only their own organisation's people, never another tenant's. Apps and
/// the system keep their own names (a client id, <c>system</c>).
/// </summary>
public sealed class ActorNames(UserManager<DataPortUser> users)
{
    public async Task<IReadOnlyDictionary<string, string>> OfAsync(IEnumerable<string?> actors, Domain.Common.Caller? reader)
    {
        var everyone = Endpoints.LedgerReader.SeesEverything(reader);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var actor in actors.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (Guid.TryParse(actor, out _) && await users.FindByIdAsync(actor) is { Email: { } email } person
                && (everyone || person.OrganisationId == reader?.OrganisationId))
            {
                names[actor] = email;
            }
        }
        return names;
    }
}

public static class ActorNameLookup
{
    /// <summary>The actor's readable name, or the actor as recorded.</summary>
    public static string? Of(this IReadOnlyDictionary<string, string> names, string? actor) =>
        actor is not null && names.TryGetValue(actor, out var name) ? name : actor;
}
