namespace DataPort.Samples;

/// <summary>The sample's command line.</summary>
public sealed record RegulatorOptions(Uri Url, string? GrantId, string ExportPath, string? DataportCli, bool Development)
{
    /// <summary>Where scripts/run.sh builds the command, from the repository's root.</summary>
    private const string BuiltCli = "src/DataPort.Cli/bin/Release/net10.0/dataport.dll";

    public static RegulatorOptions? Parse(string[] args)
    {
        var options = new RegulatorOptions(new Uri("http://127.0.0.1:5080"), null, "dataport-ledger.jsonl",
            File.Exists(BuiltCli) ? BuiltCli : null, Development: false);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var url):
                    options = options with { Url = url };
                    break;
                case "--grant" when value is not null:
                    options = options with { GrantId = value };
                    break;
                case "--export" when value is not null:
                    options = options with { ExportPath = value };
                    break;
                case "--dataport" when File.Exists(value):
                    options = options with { DataportCli = value };
                    break;
                case "--development":
                    options = options with { Development = true };
                    continue;
                default:
                    return null;
            }
            i++;
        }
        return options;
    }
}
