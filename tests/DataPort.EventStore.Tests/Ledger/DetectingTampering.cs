using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>Each test breaks a freshly sealed ledger one way; the database and the offline verifier must both name it.</summary>
public sealed class DetectingTampering
{
    [Fact]
    public async Task Given_an_events_data_was_updated_When_verifying_Then_hash_mismatch_at_that_position()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var target = scenario.Positions[5];
        await scenario.TamperAsync($"UPDATE events.mt_events SET data = jsonb_set(data, '{{number}}', '999') WHERE seq_id = {target}");

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.HashMismatch, target);
    }

    [Fact]
    public async Task Given_an_events_type_was_updated_When_verifying_Then_hash_mismatch_at_that_position()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var target = scenario.Positions[17];
        await scenario.TamperAsync($"UPDATE events.mt_events SET type = 'grant.revoked' WHERE seq_id = {target}");

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.HashMismatch, target);
    }

    [Fact]
    public async Task Given_two_events_swapped_places_When_verifying_Then_detected_at_the_first_of_them()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var (a, b) = (scenario.Positions[3], scenario.Positions[9]);
        await scenario.TamperAsync($"""
            CREATE TEMP TABLE swapped AS SELECT * FROM events.mt_events WHERE seq_id IN ({a}, {b});
            DELETE FROM events.mt_events WHERE seq_id IN ({a}, {b});
            UPDATE swapped SET seq_id = CASE seq_id WHEN {a} THEN {b} ELSE {a} END;
            INSERT INTO events.mt_events SELECT * FROM swapped
            """);

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.HashMismatch, a);
    }

    [Fact]
    public async Task Given_an_event_row_was_deleted_When_verifying_Then_the_deleted_position_is_reported()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var target = scenario.Positions[20];
        await scenario.TamperAsync($"DELETE FROM events.mt_events WHERE seq_id = {target}");

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.DeletedEvent, target);
    }

    [Fact]
    public async Task Given_an_event_row_was_inserted_into_a_hole_When_verifying_Then_the_inserted_position_is_reported()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        await scenario.TamperAsync($$"""
            INSERT INTO events.mt_streams (id, version) VALUES ('forged', 1);
            INSERT INTO events.mt_events (seq_id, id, stream_id, version, type, data, timestamp)
            VALUES ({{scenario.Hole}}, gen_random_uuid(), 'forged', 1, 'test.counted', '{"writer":6,"number":6}', now())
            """);

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.InsertedEvent, scenario.Hole);
    }

    [Fact]
    public async Task Given_an_event_and_its_ledger_entry_were_deleted_When_verifying_Then_a_gap_is_reported()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var target = scenario.Positions[8];
        await scenario.TamperAsync($"""
            DELETE FROM events.mt_events WHERE seq_id = {target};
            DELETE FROM ledger.entries WHERE position = {target}
            """);

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.Gap, scenario.Positions[9]);
    }

    [Fact]
    public async Task Given_the_newest_events_and_entries_were_removed_When_verifying_Then_the_checkpoint_reports_them_missing()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var last = scenario.Positions[^1];
        await scenario.TamperAsync($"""
            DELETE FROM events.mt_events WHERE seq_id = {last};
            DELETE FROM ledger.entries WHERE position = {last}
            """);

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.MissingFromCheckpoint, last);
    }

    [Fact]
    public async Task Given_a_checkpoint_signature_was_altered_When_verifying_Then_bad_signature()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        await scenario.TamperAsync("UPDATE ledger.checkpoints SET signature = set_byte(signature, 10, get_byte(signature, 10) # 1) WHERE tree_size = 12");

        AssertProblem(await scenario.VerifyBothAsync(), LedgerProblem.BadSignature, null);
    }

    [Fact]
    public async Task Given_an_event_rewritten_with_its_entry_hashes_recomputed_When_verifying_Then_the_signed_checkpoint_no_longer_matches()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var target = scenario.Positions[14];
        await scenario.TamperAsync($"UPDATE events.mt_events SET data = jsonb_set(data, '{{number}}', '999') WHERE seq_id = {target}");
        await RecomputeEntryHashesAsync(scenario);

        var report = await scenario.VerifyBothAsync();

        AssertProblem(report, LedgerProblem.CheckpointMismatch, scenario.Positions[^1]);
        Assert.Contains($"after position {scenario.Positions[11]}", report.Problem);
    }

    [Fact]
    public async Task Given_an_export_file_When_lines_are_swapped_removed_or_edited_Then_the_offline_verifier_names_the_problem()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var file = await scenario.ExportToFileAsync();
        try
        {
            var lines = await File.ReadAllLinesAsync(file);
            var entries = lines.Select((line, index) => (line, index)).Where(l => l.line.Contains("\"kind\":\"entry\"")).Select(l => l.index).ToList();
            var checkpoint = lines.Select((line, index) => (line, index)).First(l => l.line.Contains("\"kind\":\"checkpoint\"")).index;
            Assert.True((await LedgerVerifier.VerifyFileAsync(file)).Intact);

            var swapped = lines.ToArray();
            (swapped[entries[4]], swapped[entries[5]]) = (swapped[entries[5]], swapped[entries[4]]);
            await AssertFileProblemAsync(file, swapped, LedgerProblem.Reordered, scenario.Positions[5]);

            await AssertFileProblemAsync(file, lines.Where((_, i) => i != entries[6]).ToArray(), LedgerProblem.Gap, scenario.Positions[7]);

            var edited = lines.ToArray();
            edited[entries[2]] = edited[entries[2]].Replace("\"number\":2", "\"number\":3", StringComparison.Ordinal);
            await AssertFileProblemAsync(file, edited, LedgerProblem.HashMismatch, scenario.Positions[2]);

            var badSignature = lines.ToArray();
            var signatureAt = badSignature[checkpoint].IndexOf("\"signature\":\"", StringComparison.Ordinal) + 20;
            badSignature[checkpoint] = badSignature[checkpoint][..signatureAt] + (badSignature[checkpoint][signatureAt] == '0' ? '1' : '0') + badSignature[checkpoint][(signatureAt + 1)..];
            await AssertFileProblemAsync(file, badSignature, LedgerProblem.BadSignature, null);

            await File.WriteAllLinesAsync(file, lines);
            var (_, otherKey) = Sm2Signing.GenerateKeyPair();
            var pinned = await LedgerVerifier.VerifyFileAsync(file, [new LedgerPublicKey(1, otherKey)]);
            Assert.Equal(LedgerProblem.BadSignature, pinned.Kind);
            var keys = await scenario.Ledger.GetPublicKeysAsync();
            Assert.True((await LedgerVerifier.VerifyFileAsync(file, keys)).Intact);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AssertFileProblemAsync(string file, string[] lines, LedgerProblem kind, long? position)
    {
        await File.WriteAllLinesAsync(file, lines);
        AssertProblem(await LedgerVerifier.VerifyFileAsync(file), kind, position);
    }

    private static void AssertProblem(VerificationReport report, LedgerProblem kind, long? position)
    {
        Assert.False(report.Intact);
        Assert.True(kind == report.Kind, report.ToString());
        Assert.Equal(position, report.FirstBadPosition);
    }

    /// <summary>What an attacker without the signing key can do: make the chain consistent again.</summary>
    private static async Task RecomputeEntryHashesAsync(LedgerScenario scenario)
    {
        var previous = LedgerEncoding.GenesisHash;
        var updates = new List<string>();
        await foreach (var record in new DatabaseLedgerSource(scenario.DataSource).ReadRecordsAsync(CancellationToken.None))
        {
            previous = LedgerEncoding.EntryHash(previous, record.Event!);
            updates.Add($"UPDATE ledger.entries SET entry_hash = '\\x{Convert.ToHexStringLower(previous)}' WHERE seq = {record.Seq}");
        }
        await scenario.TamperAsync(string.Join(";\n", updates));
        await using var check = scenario.DataSource.CreateCommand("SELECT count(*) FROM ledger.entries");
        Assert.Equal(30L, (long)(await check.ExecuteScalarAsync())!);
    }
}
