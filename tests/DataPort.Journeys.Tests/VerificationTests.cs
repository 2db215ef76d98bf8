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

        var checkedRecord = await verification.VerifyCertificateAsync(certificate.Number);
        var unknown = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => verification.VerifyCertificateAsync("XMDA-2026-999999"));

        Assert.True(checkedRecord.Genuine);
        Assert.Equal((dataset.AssetId, dataset.OwnerOrganisationId), (checkedRecord.Content!.AssetId, checkedRecord.Content.OwnerOrganisationId));
        Assert.True(checkedRecord.Position > 0);
        Assert.Equal(404, unknown.StatusCode);
    }
}
