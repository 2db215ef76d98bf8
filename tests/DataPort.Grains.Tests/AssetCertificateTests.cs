using DataPort.Domain.Certificates;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Grains.Tests;

public sealed class AssetCertificateTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_two_runtimes_When_assets_are_registered_Then_certificate_numbers_are_unique_sequential_and_signed()
    {
        var key = Sm2CertificateSigner.Generate();
        var settings = new Dictionary<string, string?> { ["Grains:CertificateSigningKey"] = key.PrivateKeyHex };
        await using var first = await GrainSilo.StartAsync(database.ConnectionString, settings);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString, settings);

        var registered = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => World.RegisteredAssetAsync((i % 2 == 0 ? first : second).Grains, $"asset-{i}")));

        var year = DateTimeOffset.UtcNow.Year;
        var numbers = registered.Select(a => a.Certificate!.Number).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(n => new CertificateNumber(year, n).ToString()), numbers);
        Assert.All(registered, a => Assert.True(CertificateVerifier.Verify(a.Certificate!, key.PublicKey)));
        Assert.Equal(key.KeyId, first.Services.GetRequiredService<ICertificateSigner>().KeyId);
    }
}
