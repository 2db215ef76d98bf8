using System.Diagnostics;
using DataPort.Client;

namespace DataPort.Samples;

/// <summary>
/// What a regulator's engineer does with an <c>audit.read</c> app: reads the chain's status, finds a grant's history,
/// proves one of its entries is in the signed ledger and the ledger only ever grew (both checked here, not trusted), and
/// exports the ledger for the offline verifier.
/// </summary>
public sealed class RegulatorAudit(DataPortConnection regulator, TextWriter output)
{
    private readonly LedgerClient ledger = regulator.Ledger;

    public async Task RunAsync(string? grantId, string exportPath, string? dataportCli)
    {
        var status = await ledger.GetLedgerStatusAsync();
        output.WriteLine($"ledger: {status.LastSealedPosition} of {status.LastEventPosition} events sealed, tree size {status.TreeSize}, " +
            $"sealing lag {status.SealingLagSeconds:0.#} s; last full verification: " +
            (status.LastVerification is { } v ? $"{(v.Intact ? "intact" : v.Problem)} ({v.EntriesVerified} entries, {v.DurationSeconds:0.###} s)" : "none yet"));

        var grant = grantId ?? await NewestGrantAsync();
        var history = await ledger.GetLedgerHistoryAsync("grant", grant);
        if (history.Total == 0)
        {
            throw new InvalidOperationException($"the ledger has no entry for grant {grant}");
        }
        output.WriteLine($"history of grant {grant} ({history.Total} entries):");
        foreach (var entry in history.Items)
        {
            output.WriteLine($"  #{entry.Position} {entry.RecordedAt:u} {entry.Type} by {entry.Actor ?? "the platform"}");
        }
        var keys = status.Keys.ToDictionary(k => k.Id, k => Convert.FromHexString(k.PublicKey));

        var proved = await SealedAsync(history.Items[0].Position);
        var proof = proved.Proof!;
        var checkpoint = proved.Checkpoint!;
        var included = ClientSideProofs.VerifyInclusion(Convert.FromHexString(proof.EntryHash), proof.Seq, proof.TreeSize,
            [.. proof.Path.Select(Convert.FromHexString)], Convert.FromHexString(checkpoint.RootHash));
        var signed = Signed(checkpoint, keys);
        Require(included && signed && proof.EntryHash == proved.Entry.EntryHash,
            $"inclusion proof of #{proved.Entry.Position}: included {included}, checkpoint signature {signed}");
        output.WriteLine($"inclusion: #{proved.Entry.Position} ({proved.Entry.Type}) is leaf {proof.Seq} of the tree of {proof.TreeSize} " +
            $"signed by key {checkpoint.KeyId} at {checkpoint.SignedAt:u}: verified here ({proof.Path.Count} hashes)");

        await CheckGrowthAsync(keys);

        await using (var file = File.Create(exportPath))
        using (var export = await ledger.ExportLedgerAsync())
        {
            await export.Stream.CopyToAsync(file);
        }
        output.WriteLine($"exported the ledger to {exportPath} ({new FileInfo(exportPath).Length:N0} bytes)");
        if (dataportCli is not null)
        {
            // Pinned to the key the status published: the export's own key line is not what vouches for it.
            var verdict = await RunAsync("dotnet", dataportCli, "ledger", "verify", "--file", exportPath, "--public-key", status.Keys[^1].PublicKey);
            output.WriteLine($"offline verifier: {verdict.Trim()}");
        }
        else
        {
            output.WriteLine($"verify it offline: dataport ledger verify --file {exportPath} --public-key {status.Keys[^1].PublicKey}");
        }
    }

    /// <summary>The oldest and newest signed checkpoints: the newer tree must extend the older one, nothing rewritten.</summary>
    private async Task CheckGrowthAsync(IReadOnlyDictionary<int, byte[]> keys)
    {
        var newestFirst = await ledger.ListLedgerCheckpointsAsync(pageSize: 1);
        var newest = newestFirst.Items[0];
        var oldest = (await ledger.ListLedgerCheckpointsAsync(page: (int)newestFirst.Total, pageSize: 1)).Items[0];
        var consistency = await ledger.GetLedgerConsistencyAsync(oldest.TreeSize, newest.TreeSize);
        var consistent = consistency.FirstRoot == oldest.RootHash && consistency.SecondRoot == newest.RootHash
            && ClientSideProofs.VerifyConsistency(oldest.TreeSize, newest.TreeSize, Convert.FromHexString(oldest.RootHash),
                Convert.FromHexString(newest.RootHash), [.. consistency.Path.Select(Convert.FromHexString)]);
        Require(consistent && Signed(oldest, keys) && Signed(newest, keys),
            $"consistency between the checkpoints of {oldest.TreeSize} and {newest.TreeSize} entries does not hold");
        output.WriteLine($"consistency: the signed tree of {newest.TreeSize} entries extends the one of {oldest.TreeSize}: verified here " +
            $"({consistency.Path.Count} hashes)");
    }

    private async Task<string> NewestGrantAsync()
    {
        var issued = (await ledger.ListLedgerEntriesAsync(type: "grant.issued", pageSize: 1)).Items;
        if (issued.Count == 0)
        {
            throw new InvalidOperationException("no grant has been issued yet: run samples/DeveloperQuickstart first, or pass --grant ID");
        }
        return issued[0].StreamId["grant-".Length..];
    }

    /// <summary>The entry once the sealing job has put it into a signed checkpoint (every few seconds).</summary>
    private async Task<LedgerEntryWithProof> SealedAsync(long position)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var entry = await ledger.GetLedgerEntryAsync(position);
            if (entry.Proof is not null)
            {
                return entry;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"entry #{position} is still not in a signed checkpoint after a minute: is sealing running?");
            }
            await Task.Delay(500);
        }
    }

    private static bool Signed(CheckpointView checkpoint, IReadOnlyDictionary<int, byte[]> keys) =>
        keys.TryGetValue(checkpoint.KeyId, out var key)
        && ClientSideProofs.VerifyCheckpointSignature(checkpoint.SignedText, Convert.FromHexString(checkpoint.Signature), key);

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"NOT VERIFIED: {failure}");
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"the offline verifier says: {(await stderr).Trim()}");
    }
}
