using DataPort.Client;

namespace DataPort.Samples;

/// <summary>An app's client id and secret.</summary>
public sealed record AppCredential(string ClientId, string Secret);

/// <summary>
/// The regulator's app. Against a Development server only (scripts/run.sh), acting as the local operator through the
/// development header, it makes a regulator organisation with an <c>audit.read</c> app; elsewhere an operator creates it
/// (<c>POST /api/organisations/{org}/clients</c>) and hands the secret to the regulator.
/// </summary>
public static class RegulatorSetup
{
    private const string DevelopmentHeader = "X-DataPort-Actor";

    public static AppCredential FromEnvironment() => new(Required("DATAPORT_CLIENT_ID"), Required("DATAPORT_CLIENT_SECRET"));

    public static async Task<AppCredential> CreateAppAsync(Uri url, TextWriter output)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add(DevelopmentHeader, "sample-operator;xm-operator;operator");
        var organisation = $"regulator-{Guid.NewGuid():N}"[..24];
        await new OrganisationsClient(http).CreateOrganisationAsync(new CreateOrganisationRequest { Id = organisation, Name = "Sample regulator" });
        var app = await new ClientsClient(http).CreateClientAsync(organisation, new CreateClientRequest { Name = "ledger audit", Scopes = ["audit.read"] });
        output.WriteLine($"set up: regulator organisation {organisation} with app {app.Client.ClientId} (audit.read)");
        return new AppCredential(app.Client.ClientId, app.ClientSecret);
    }

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set (or pass --development against a local Development server)");
}
