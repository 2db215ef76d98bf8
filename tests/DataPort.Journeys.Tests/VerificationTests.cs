using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>Anyone shown a registration certificate checks it without signing in: genuine, what it says, and where the ledger recorded it.</summary>
[Collection(PortCollection.Name)]
public sealed class VerificationTests(PortWithCatalog port)
{
    [Fact]
    public async Task Given_a_registered_assets_certificate_When_anyone_checks_its_number_Then_it_is_genuine_and_recorded_in_the_ledger()
    {
        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read");
        var dataset = await developer.Datasets.GetDatasetAsync("bus-stops");
        using var operatorHttp = port.As(PortWithCatalog.Operator);
        var certificate = (await new AssetsClient(operatorHttp).GetAssetAsync(dataset.AssetId)).Certificate!;
        using var anyone = new HttpClient { BaseAddress = port.Address };
        var verification = new VerificationClient(anyone);

        // The import's events are sealed into a checkpoint within seconds; from then on the record carries its proof.
        var checkedRecord = await Poll.UntilAsync(() => verification.VerifyCertificateAsync(certificate.Number), r => r.Proof is not null,
            $"certificate {certificate.Number}'s entry in a signed checkpoint");
        var unknown = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => verification.VerifyCertificateAsync("XMDA-2026-999999"));

        Assert.True(checkedRecord.Genuine);
        Assert.Equal((dataset.AssetId, dataset.OwnerOrganisationId), (checkedRecord.Content!.AssetId, checkedRecord.Content.OwnerOrganisationId));
        Assert.True(checkedRecord.Position > 0);
        Assert.Equal((checkedRecord.Checkpoint!.TreeSize, checkedRecord.Checkpoint.RootHash), (checkedRecord.Proof!.TreeSize, checkedRecord.Proof.RootHash));
        Assert.Equal(404, unknown.StatusCode);
    }
}
