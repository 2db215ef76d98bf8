using System.CommandLine;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.EventStore.Ledger;
using Npgsql;

namespace DataPort.Cli.Commands.Ledger;

/// <summary>
/// <c>dataport ledger seal | export --out FILE | verify [--file FILE]</c>. Sealing needs the secret that
/// protects the signing key: <c>Ledger__KeyEncryptionKey</c>, else the key file <c>.data/ledger-kek</c>.
/// </summary>
public static class LedgerCommand
{
    public static Command Create() => new("ledger", "The tamper-evident audit ledger: seal, export, verify")
    {
        CreateSeal(),
        CreateExport(),
        CreateVerify(),
    };

    private static Command CreateSeal()
    {
        var connection = ConnectionOption.Create();
        var command = new Command("seal", "Seal every committed event into the ledger and sign a checkpoint (as the background job does)")
        {
            connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            await using var dataSource = DataSources.Create(ConnectionOption.Resolve(parseResult, connection), "dataport-cli");
            var result = await RunAsync(async () =>
            {
                // No daemon runs here: find what has committed ourselves, so the seal covers everything up to now.
                await HighWaterMark.AdvanceAsync(dataSource, cancellationToken);
                return await new PostgresLedger(dataSource, LedgerOptions.FromEnvironment()).SealPendingAsync(cancellationToken);
            });
            if (result.Busy)
            {
                throw new CliException("another process is sealing right now; try again in a moment");
            }
            output.WriteLine($"sealed {result.EntriesSealed} event(s); tree size {result.TreeSize}");
            output.WriteLine(result.Checkpoint is { } checkpoint
                ? $"signed checkpoint: tree size {checkpoint.TreeSize}, root {Convert.ToHexStringLower(checkpoint.RootHash)}"
                : "nothing new: no checkpoint written");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var connection = ConnectionOption.Create();
        var file = new Option<FileInfo>("--out") { Description = "Where to write the JSON Lines export", Required = true };
        var fromPosition = new Option<long?>("--from-position") { Description = "Export only the entries of events from this position on" };
        var toPosition = new Option<long?>("--to-position") { Description = "... up to this position (widened to the next signed checkpoint)" };
        var command = new Command("export", "Export entries, checkpoints and public keys as JSON Lines for offline verification")
        {
            connection,
            file,
            fromPosition,
            toPosition,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var target = parseResult.GetValue(file)!;
            var (from, to) = (parseResult.GetValue(fromPosition), parseResult.GetValue(toPosition));
            if (from > to)
            {
                throw new CliException("--from-position must not be after --to-position", ExitCodes.Usage);
            }
            await using var dataSource = DataSources.Create(ConnectionOption.Resolve(parseResult, connection), "dataport-cli");
            var ledger = new PostgresLedger(dataSource, LedgerOptions.FromEnvironment());
            LedgerSeqRange? range = null;
            if (from is not null || to is not null)
            {
                range = await RunAsync(() => ledger.ResolveRangeAsync(from, to, cancellationToken))
                    ?? throw new CliException("no sealed entry lies in that range (run `dataport ledger seal`, or widen it)");
            }
            long entries;
            await using (var stream = target.Create())
            {
                entries = await RunAsync(() => range is null ? ledger.ExportAsync(stream, cancellationToken) : ledger.ExportAsync(stream, range, cancellationToken));
            }
            output.WriteLine(range is null
                ? $"exported {entries} entries to {target.FullName}"
                : $"exported {entries} entries (#{range.From}..#{range.Until - 1}, ending at a signed checkpoint) to {target.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var connection = ConnectionOption.Create();
        var file = new Option<FileInfo?>("--file") { Description = "Verify this export offline (no database) instead of the database" };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "Trust only this SM2 public key (hex, as in the export's key line) for checkpoint signatures",
        };
        var command = new Command("verify", "Check that no sealed event was changed, reordered, deleted or inserted; exit 1 with the first bad position if one was")
        {
            connection,
            file,
            publicKey,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var trusted = TrustedKeys(parseResult.GetValue(publicKey));
            VerificationReport report;
            if (parseResult.GetValue(file) is { } export)
            {
                if (!export.Exists)
                {
                    throw new CliException($"no such file: {export.FullName}");
                }
                report = await LedgerVerifier.VerifyFileAsync(export.FullName, trusted, cancellationToken);
            }
            else
            {
                await using var dataSource = DataSources.Create(ConnectionOption.Resolve(parseResult, connection), "dataport-cli");
                report = await RunAsync(() => LedgerVerifier.VerifyAsync(new DatabaseLedgerSource(dataSource), trusted, cancellationToken));
            }
            if (!report.Intact)
            {
                throw new CliException(report.ToString());
            }
            output.WriteLine(report.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A pinned key applies to every key id: whatever the file claims, only this key may have signed.</summary>
    private static List<LedgerPublicKey>? TrustedKeys(string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex))
        {
            return null;
        }
        byte[] key;
        try
        {
            key = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new CliException("--public-key must be hex", ExitCodes.Usage);
        }
        return [.. Enumerable.Range(1, 64).Select(id => new LedgerPublicKey(id, key))];
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException e)
        {
            throw new CliException($"database: {e.Message}");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new CliException(e.Message);
        }
    }
}
