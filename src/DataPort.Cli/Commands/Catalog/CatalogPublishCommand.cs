using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using DataPort.Catalog.Publishing;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DataPort.Cli.Commands.Catalog;

/// <summary>
/// <c>dataport catalog publish DIR</c>: a first masked release of every imported dataset, then publication,
/// as each owner department would. Progress goes to stderr, one JSON summary line to stdout.
/// </summary>
internal static class CatalogPublishCommand
{
    /// <summary>The same setting the jobs' pipeline runner derives dataset pseudonym keys from.</summary>
    private const string PseudonymKeySetting = "Jobs:Pipeline:PseudonymKey";

    public static Command Create()
    {
        var directory = new Argument<string>("CATALOG") { Description = "Catalog directory, e.g. catalogs/ (relative to the current directory)" };
        var rows = new Option<long>("--rows") { Description = "Synthetic rows generated per dataset before masking", DefaultValueFactory = _ => PublishSettings.DefaultRows };
        var outDir = new Option<string>("--out-dir") { Description = "Where releases go, as DIR/DATASET/v1.parquet", DefaultValueFactory = _ => Path.Combine(".data", "releases") };
        var connection = ConnectionOption.Create();
        var command = new Command("publish",
            "Mask synthetic rows of every imported dataset into Parquet, release them as version 1 and publish the dataset; "
            + "prints {\"datasets\":N,\"published\":N,\"unchanged\":N} (a second run publishes nothing)")
        {
            directory, rows, outDir, connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(rows);
            if (count <= 0)
            {
                throw new CliException("--rows must be positive", ExitCodes.Usage);
            }
            var content = CatalogDirectory.Load(CatalogDirectory.Resolve(parseResult.GetValue(directory)));
            var connectionString = ConnectionOption.Resolve(parseResult, connection);
            var output = Path.GetFullPath(parseResult.GetValue(outDir)!, Environment.CurrentDirectory);
            var errors = parseResult.InvocationConfiguration.Error;
            await using var silo = await GrainHost.StartAsync(connectionString, cancellationToken);
            var settings = new PublishSettings(count, output, MasterKey(silo, errors));
            var progress = new SynchronousProgress(outcome => errors.WriteLine(
                $"{outcome.DatasetId,-32} {outcome.Result.ToString().ToLowerInvariant(),-10} {outcome.Elapsed.TotalSeconds,5:0.0}s  {outcome.Detail}"));
            PublishSummary summary;
            try
            {
                summary = await new CatalogPublisher(silo.Grains, silo.Sandbox, silo.SandboxVersions, TimeProvider.System).PublishAsync(content, settings, progress, cancellationToken);
            }
            catch (PublishException e)
            {
                throw new CliException(e.Message);
            }
            catch (NpgsqlException e)
            {
                var problem = e is PostgresException postgres ? postgres.MessageText : e.Message;
                throw new CliException($"database: {problem} (is it reachable, and migrated with 'dataport db migrate'?)");
            }
            parseResult.InvocationConfiguration.Output.WriteLine(summary.ToJson());
            foreach (var failure in summary.Failures)
            {
                errors.WriteLine($"error: dataset '{failure.DatasetId}' was not published: {failure.Detail}");
            }
            return summary.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>
    /// The pseudonym master key from configuration (Jobs__Pipeline__PseudonymKey). A developer machine without
    /// one gets a fixed, well-known key so releases stay reproducible; anywhere else a missing key is an error,
    /// since pseudonyms under a public key could be recomputed by anyone.
    /// </summary>
    private static byte[] MasterKey(GrainHost silo, TextWriter errors)
    {
        var configured = silo.Configuration[PseudonymKeySetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                var key = Convert.FromBase64String(configured);
                return key.Length >= 32 ? key : throw new FormatException();
            }
            catch (FormatException)
            {
                throw new CliException("Jobs__Pipeline__PseudonymKey must be base64 of at least 32 bytes");
            }
        }
        if (silo.Environment.IsDevelopment() || silo.Environment.IsEnvironment("Testing"))
        {
            errors.WriteLine("note: Jobs__Pipeline__PseudonymKey is not set; using the fixed development pseudonym key");
            return SHA256.HashData(Encoding.UTF8.GetBytes("dataport development pseudonym key"));
        }
        throw new CliException("Jobs__Pipeline__PseudonymKey is not set (base64 of at least 32 bytes), so no dataset's pseudonym key can be derived");
    }

    /// <summary>Reports on the caller's thread, so progress lines come out in order, before the summary.</summary>
    private sealed class SynchronousProgress(Action<PublishOutcome> report) : IProgress<PublishOutcome>
    {
        public void Report(PublishOutcome value) => report(value);
    }
}
