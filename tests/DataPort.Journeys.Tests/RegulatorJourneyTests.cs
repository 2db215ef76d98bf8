using System.Text.Json;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A regulator's app (<c>audit.read</c>) audits a developer's grant through the SDK: finds its history in the ledger,
/// fetches one entry with its inclusion proof, exports the ledger, and has a second verifier — written from
/// docs/ledger-format.md in JavaScript with another SM3/SM2 implementation — check the export and the proof; then
/// suspends the dataset with its own app, sees the developer refused, and resumes it.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class RegulatorJourneyTests(PortWithCatalog port)
{
    private const string DatasetId = "air-quality-hourly";

    [Fact]
    public async Task Given_a_developers_grant_When_the_regulator_audits_it_Then_its_history_verifies_independently_and_a_suspension_stops_use()
    {
        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var (grantId, query) = await UsedGrant.CreateAsync(port, developer, DatasetId);
        using var regulator = await port.NewAppAsync("reg-" + Guid.NewGuid().ToString("N")[..12], "audit.read", "catalog.read");
        var ledger = new LedgerClient(regulator.Http);

        var history = (await ledger.GetLedgerHistoryAsync("grant", grantId)).Items;
        Assert.Equal(["grant.requested", "grant.issued", "grant.usage-recorded"], history.Select(e => e.Type).Take(3));
        var issued = history.Single(e => e.Type == "grant.issued");
        var proved = await SealedAsync(ledger, issued.Position);
        var folder = Directory.CreateTempSubdirectory("dataport-ledger-").FullName;
        try
        {
            var export = Path.Combine(folder, "ledger.jsonl");
            using (var file = await ledger.ExportLedgerAsync())
            await using (var copy = File.Create(export))
            {
                await file.Stream.CopyToAsync(copy);
            }
            var proof = Path.Combine(folder, "proof.json");
            await File.WriteAllTextAsync(proof, JsonSerializer.Serialize(proved));

            var verdict = JsonDocument.Parse(await Programs.RunNodeAsync(Path.Combine("tests", "interop", "ledger-verify.mjs"), export, proof)).RootElement;

            Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
            Assert.True(verdict.GetProperty("proof").GetProperty("included").GetBoolean());
            Assert.True(verdict.GetProperty("proof").GetProperty("signed").GetBoolean());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await regulator.Datasets.SuspendDatasetAsync(DatasetId, new ReasonRequest { Reason = "journey: regulator audit" });
        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => developer.Sandbox.RunSandboxQueryAsync(query));
        await regulator.Datasets.ResumeDatasetAsync(DatasetId, new ReasonRequest { Reason = "journey: audit closed" });
        var suspension = (await ledger.ListLedgerEntriesAsync(dataset: DatasetId, type: "dataset.suspended")).Items;

        Assert.Contains("suspended by the regulator (journey: regulator audit)", refused.Result.Detail);
        Assert.Equal(1, (await developer.Sandbox.RunSandboxQueryAsync(query)).RowCount);
        Assert.Contains(suspension, e => e.Data.ToString()!.Contains("journey: regulator audit", StringComparison.Ordinal));

        // The yearly disclosure names the ledger entry behind each figure: the regulator follows one.
        var disclosure = await regulator.Disclosure.GetDisclosureAsync(DateTimeOffset.UtcNow.Year);
        var product = disclosure.Products.First(p => p.DatasetId == DatasetId);
        var offered = await ledger.GetLedgerEntryAsync(product.LedgerEntry!.Value);
        Assert.Equal("dataset.licence-option-added", offered.Entry.Type);
        Assert.Contains(product.LicenceOptionId, offered.Entry.Data.ToString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_developers_app_without_audit_read_When_it_reads_the_ledger_Then_it_sees_its_own_organisations_records_only()
    {
        var organisation = "dev-" + Guid.NewGuid().ToString("N")[..12];
        using var developer = await port.NewAppAsync(organisation, "catalog.read", "sandbox.query");
        var (grantId, _) = await UsedGrant.CreateAsync(port, developer, DatasetId);
        var ledger = new LedgerClient(developer.Http);
        using var regulator = await port.NewAppAsync("reg-" + Guid.NewGuid().ToString("N")[..12], "audit.read");

        // The organisation's subjects come from the read models, which follow the events within moments.
        var own = (await Poll.UntilAsync(() => ledger.ListLedgerEntriesAsync(), p => p.Items.Any(), "the developer's own records")).Items;
        var history = await ledger.GetLedgerHistoryAsync("grant", grantId);
        var datasetHistory = await ledger.GetLedgerHistoryAsync("dataset", DatasetId);
        var otherOrganisation = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => ledger.ListLedgerEntriesAsync(organisation: "xm-transport"));
        var export = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => ledger.ExportLedgerAsync());
        var asRegulatorSees = (await new LedgerClient(regulator.Http).ListLedgerEntriesAsync(organisation: organisation)).Items;

        Assert.NotEmpty(own);
        Assert.All(own, e => Assert.Equal("grant-" + grantId, e.StreamId));
        Assert.Contains(history.Items, e => e.Type == "grant.issued");
        Assert.Equal(0, datasetHistory.Total);
        Assert.Equal(403, otherOrganisation.StatusCode);
        Assert.Equal(403, export.StatusCode);
        Assert.Equal(own.Select(e => e.Position), asRegulatorSees.Select(e => e.Position));
    }

    [Fact]
    public async Task Given_a_regulator_When_it_asks_for_a_full_verification_Then_the_status_shows_its_result_and_duration()
    {
        using var regulator = await port.NewAppAsync("reg-" + Guid.NewGuid().ToString("N")[..12], "audit.read");
        var ledger = new LedgerClient(regulator.Http);
        var before = DateTimeOffset.UtcNow;

        var started = await ledger.StartLedgerVerificationAsync();
        var status = await Poll.UntilAsync(() => ledger.GetLedgerStatusAsync(),
            s => s.LastVerification is { } v && v.StartedAt >= before.AddSeconds(-1), "a full verification after the request");

        Assert.False(string.IsNullOrEmpty(started.RunId));
        Assert.True(status.LastVerification!.Intact, status.LastVerification.Problem);
        Assert.True(status.LastVerification.EntriesVerified > 0);
        Assert.True(status.LastVerification.DurationSeconds >= 0);
    }

    [Fact]
    public async Task Given_an_organisations_apps_When_the_regulator_suspends_them_Then_they_are_refused_until_resumed_and_both_are_ledger_entries()
    {
        var organisation = "dev-" + Guid.NewGuid().ToString("N")[..12];
        using var developer = await port.NewAppAsync(organisation, "catalog.read");
        await developer.Datasets.GetDatasetAsync(DatasetId);
        using var regulator = await port.NewAppAsync("reg-" + Guid.NewGuid().ToString("N")[..12], "audit.read");

        var noReason = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(
            () => regulator.Organisations.SuspendOrganisationAppsAsync(organisation, new ReasonRequest()));
        await regulator.Organisations.SuspendOrganisationAppsAsync(organisation, new ReasonRequest { Reason = "journey: scraping" });
        var refused = await Assert.ThrowsAnyAsync<DataPortApiException>(() => developer.Datasets.GetDatasetAsync(DatasetId));
        await regulator.Organisations.ResumeOrganisationAppsAsync(organisation, new ReasonRequest { Reason = "journey: stopped scraping" });
        var afterResume = await developer.Datasets.GetDatasetAsync(DatasetId);
        var history = await regulator.Ledger.GetLedgerHistoryAsync("organisation", organisation);

        Assert.Equal(400, noReason.StatusCode);
        Assert.Contains("suspended by the regulator (journey: scraping)", refused.Response);
        Assert.Equal(DatasetId, afterResume.DatasetId);
        Assert.Equal(["organisation.apps-suspended", "organisation.apps-resumed"], history.Items.Select(e => e.Type));
    }

    /// <summary>The entry once the sealing job has put it into a signed checkpoint (it runs every few seconds).</summary>
    private static Task<LedgerEntryWithProof> SealedAsync(LedgerClient ledger, long position) =>
        Poll.UntilAsync(() => ledger.GetLedgerEntryAsync(position), e => e.Proof is not null, $"ledger entry {position} in a signed checkpoint");
}
