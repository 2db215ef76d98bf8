using DataPort.Client;
using DataPort.Samples;

// dotnet run --project samples/RegulatorVerify -- [--url URL] [--grant ID] [--export FILE] [--dataport PATH/dataport.dll] [--development]
//   The regulator app's credentials come from DATAPORT_CLIENT_ID / DATAPORT_CLIENT_SECRET (an app with audit.read).
//   Against a Development server (scripts/run.sh) --development makes one first, acting as the local operator.
//   --dataport runs the offline verifier on the export (default: the one scripts/run.sh builds, if it is there).
var options = RegulatorOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: RegulatorVerify [--url http://127.0.0.1:5080] [--grant ID] [--export FILE] [--dataport PATH] [--development]");
    return 2;
}
try
{
    var app = options.Development ? await RegulatorSetup.CreateAppAsync(options.Url, Console.Out) : RegulatorSetup.FromEnvironment();
    using var regulator = DataPortConnection.Create(options.Url, app.ClientId, app.Secret);
    await new RegulatorAudit(regulator, Console.Out).RunAsync(options.GrantId, options.ExportPath, options.DataportCli);
    return 0;
}
catch (DataPortApiException<ProblemDetails> e)
{
    Console.Error.WriteLine($"error: {e.StatusCode} {e.Result.Title}: {e.Result.Detail}");
    return 1;
}
catch (Exception e) when (e is DataPortApiException or HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
