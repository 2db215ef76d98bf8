namespace DataPort.Samples;

/// <summary>The sample's command line.</summary>
public sealed record QuickstartOptions(Uri Url, string DatasetId, bool Development)
{
    public static QuickstartOptions? Parse(string[] args)
    {
        var options = new QuickstartOptions(new Uri("http://127.0.0.1:5080"), "bus-stops", Development: false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var url):
                    options = options with { Url = url };
                    i++;
                    break;
                case "--dataset" when i + 1 < args.Length:
                    options = options with { DatasetId = args[++i] };
                    break;
                case "--development":
                    options = options with { Development = true };
                    break;
                default:
                    return null;
            }
        }
        return options;
    }
}

/// <summary>An app's client id and secret.</summary>
public sealed record AppCredential(string ClientId, string Secret);

/// <summary>The developer's app, and an app of the dataset's owner organisation (it approves the request).</summary>
public sealed record AppCredentials(AppCredential Developer, AppCredential Owner)
{
    public static AppCredentials FromEnvironment() => new(
        new AppCredential(Required("DATAPORT_CLIENT_ID"), Required("DATAPORT_CLIENT_SECRET")),
        new AppCredential(Required("DATAPORT_OWNER_CLIENT_ID"), Required("DATAPORT_OWNER_CLIENT_SECRET")));

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set (or pass --development against a local Development server)");
}
