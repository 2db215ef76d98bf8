using System.Text.Json.Nodes;
using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>
/// A range export verifies on its own: it starts from the previous entry's hash and the subtree roots before it, and
/// ends at a signed checkpoint, whose root binds both; forging either start, or any entry, is caught.
/// </summary>
public sealed class ExportingARange(ProvingFromStoredSubtrees.SealedInSteps tree) : IClassFixture<ProvingFromStoredSubtrees.SealedInSteps>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dataport-range-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Given_a_range_in_the_middle_When_exported_Then_it_is_widened_to_the_next_checkpoint_and_verifies_offline()
    {
        var range = (await tree.Ledger.ResolveRangeAsync(tree.Positions[400], tree.Positions[600]))!;
        var file = await ExportAsync(range);

        var report = await LedgerVerifier.VerifyFileAsync(file);

        Assert.Equal(new LedgerSeqRange(400, 800), range);
        Assert.True(report.Intact, report.ToString());
        Assert.Equal(400, report.EntriesVerified);
        Assert.Equal(1, report.CheckpointsVerified);
        Assert.Equal(0, report.UnsignedEntries);
    }

    [Fact]
    public async Task Given_a_range_from_the_start_When_exported_Then_it_needs_no_start_line()
    {
        var range = (await tree.Ledger.ResolveRangeAsync(null, tree.Positions[10]))!;
        var file = await ExportAsync(range);

        var report = await LedgerVerifier.VerifyFileAsync(file);

        Assert.Equal(new LedgerSeqRange(0, 300), range);
        Assert.DoesNotContain("\"kind\":\"range\"", await File.ReadAllTextAsync(file));
        Assert.True(report.Intact, report.ToString());
    }

    [Theory]
    [InlineData("previousHash", LedgerProblem.HashMismatch)]
    [InlineData("subtrees", LedgerProblem.CheckpointMismatch)]
    [InlineData("entry", LedgerProblem.HashMismatch)]
    public async Task Given_a_forged_range_When_verified_Then_the_forgery_is_caught(string forged, LedgerProblem expected)
    {
        var file = await ExportAsync(new LedgerSeqRange(400, 800));
        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        var index = lines.FindIndex(l => l.Contains(forged == "entry" ? "\"kind\":\"entry\"" : "\"kind\":\"range\"", StringComparison.Ordinal));
        var line = JsonNode.Parse(lines[index])!;
        switch (forged)
        {
            case "previousHash": line["previousHash"] = new string('0', 64); break;
            case "subtrees": line["subtrees"]![0] = new string('0', 64); break;
            default: line["event"]!["data"]!["number"] = 999_999; break;
        }
        lines[index] = line.ToJsonString();
        await File.WriteAllLinesAsync(file, lines);

        var report = await LedgerVerifier.VerifyFileAsync(file);

        Assert.False(report.Intact);
        Assert.Equal(expected, report.Kind);
    }

    [Fact]
    public async Task Given_positions_with_no_sealed_entry_When_resolving_Then_there_is_no_range()
    {
        Assert.Null(await tree.Ledger.ResolveRangeAsync(tree.Positions[^1] + 1_000, null));
    }

    private async Task<string> ExportAsync(LedgerSeqRange range)
    {
        var file = Path.Combine(folder, $"range-{Guid.NewGuid():N}.jsonl");
        await using var output = File.Create(file);
        await tree.Ledger.ExportAsync(output, range);
        return file;
    }
}
