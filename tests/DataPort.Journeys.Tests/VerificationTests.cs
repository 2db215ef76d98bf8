using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// Anyone shown a registration certificate or a trade voucher checks it without signing in: genuine, what it says, and
/// where the ledger recorded it; and offline, from the document and the platform's key, with <c>dataport verify</c>.
/// </summary>
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

    [Fact]
    public async Task Given_a_delivered_orders_voucher_When_a_third_party_checks_it_online_and_offline_Then_it_is_genuine_and_a_changed_copy_is_not()
    {
        const string datasetId = "bus-lines";
        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var dataset = await developer.Datasets.GetDatasetAsync(datasetId);
        using var merchantHttp = port.As($"merchant-1;{dataset.OwnerOrganisationId};merchant");
        var licence = $"voucher-{Guid.NewGuid():N}"[..20];
        await new DatasetsClient(merchantHttp).AddLicenceOptionAsync(datasetId, new LicenceOptionRequest
        {
            Id = licence, Name = "Pay per query", TermDays = 30, Price = PriceKind.PerQuery, AmountFen = 10,
        });
        var order = await developer.Orders.PlaceOrderAsync(new OrderRequest
        {
            DatasetId = datasetId, LicenceOptionId = licence, Purpose = "journey: a voucher to show", Fields = [dataset.Columns[0].Name],
        });
        await MerchantDatasets.DeliveredGrantAsync(developer.Orders, order.OrderId);
        var voucher = await developer.Orders.GetVoucherAsync(order.OrderId);
        using var anyone = new HttpClient { BaseAddress = port.Address };

        var online = await Poll.UntilAsync(() => new VerificationClient(anyone).VerifyVoucherAsync(voucher.Number), r => r.Proof is not null,
            $"voucher {voucher.Number}'s entry in a signed checkpoint");
        var folder = Directory.CreateTempSubdirectory("dataport-voucher-").FullName;
        try
        {
            var file = Path.Combine(folder, "voucher.json");
            await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(voucher));
            var offline = await Programs.RunAsync(port.ConnectionString, "verify", "voucher", file, "--public-key", online.PublicKey);
            await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(voucher).Replace(order.OrderId, "order-forged", StringComparison.Ordinal));
            var forged = await Assert.ThrowsAnyAsync<Exception>(() => Programs.RunAsync(port.ConnectionString, "verify", "voucher", file, "--public-key", online.PublicKey));

            Assert.True(online.Genuine);
            Assert.Equal((order.OrderId, datasetId), (online.Content!.OrderId, online.Content.DatasetId));
            Assert.Contains($"genuine: {voucher.Number}", offline, StringComparison.Ordinal);
            Assert.Contains("NOT GENUINE", forged.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
