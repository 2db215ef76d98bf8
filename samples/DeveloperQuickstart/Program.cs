using DataPort.Client;
using DataPort.Samples;

// dotnet run --project samples/DeveloperQuickstart -- [--url URL] [--dataset ID] [--development]
//   The developer app's credentials come from DATAPORT_CLIENT_ID / DATAPORT_CLIENT_SECRET, the dataset owner's (who
//   approves the request) from DATAPORT_OWNER_CLIENT_ID / DATAPORT_OWNER_CLIENT_SECRET. Against a Development server
//   (scripts/run.sh) --development makes both apps first, acting as the local operator.
var options = QuickstartOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: DeveloperQuickstart [--url http://127.0.0.1:5080] [--dataset bus-stops] [--development]");
    return 2;
}
try
{
    var apps = options.Development
        ? await DevelopmentSetup.CreateAppsAsync(options.Url, options.DatasetId, Console.Out)
        : AppCredentials.FromEnvironment();
    using var developer = DataPortConnection.Create(options.Url, apps.Developer.ClientId, apps.Developer.Secret);
    using var owner = DataPortConnection.Create(options.Url, apps.Owner.ClientId, apps.Owner.Secret);
    await new Quickstart(developer, owner, Console.Out).RunAsync(options.DatasetId);
    return 0;
}
catch (DataPortApiException<ProblemDetails> e)
{
    // The server's problem details say what went wrong and what to do; the exception's own message only has the status.
    Console.Error.WriteLine($"error: {e.StatusCode} {e.Result.Title}: {e.Result.Detail}");
    return 1;
}
catch (Exception e) when (e is DataPortApiException or HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
