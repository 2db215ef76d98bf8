using System.Text.Json;
using System.Text.Json.Nodes;
using DataPort.Domain.Certificates;
using DataPort.Domain.Trading;

namespace DataPort.Cli.Tests;

/// <summary><c>dataport verify certificate|voucher FILE</c> as a third party runs it: the signed document and the platform's key, nothing else.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Sm2CertificateSigner platform = Sm2CertificateSigner.Generate();
    private readonly string directory = Directory.CreateTempSubdirectory("dataport-verify-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Given_a_voucher_and_the_platform_key_When_verifying_Then_it_is_genuine_and_described()
    {
        var file = Write("voucher.json", JsonSerializer.SerializeToNode(Voucher(), Json)!);

        var result = await Dataport.RunAsync(["verify", "voucher", file, "--public-key", PlatformKey]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("genuine: XMDT-2026-000042", result.Output);
        Assert.Contains("signed by the pinned public key", result.Output);
    }

    [Fact]
    public async Task Given_a_voucher_whose_amount_was_changed_When_verifying_Then_it_is_not_genuine_and_exits_1()
    {
        var voucher = JsonSerializer.SerializeToNode(Voucher(), Json)!;
        voucher["total"]!["fen"] = 1;
        var file = Write("voucher.json", voucher);

        var result = await Dataport.RunAsync(["verify", "voucher", file, "--public-key", PlatformKey]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NOT GENUINE: XMDT-2026-000042", result.Error);
    }

    [Fact]
    public async Task Given_the_verification_endpoints_answer_When_verifying_it_Then_the_key_inside_is_used_and_the_output_says_so()
    {
        var answer = new JsonObject { ["genuine"] = true, ["content"] = JsonSerializer.SerializeToNode(Certificate(), Json), ["publicKey"] = PlatformKey };
        var file = Write("verified.json", answer);

        var result = await Dataport.RunAsync(["verify", "certificate", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("genuine: XMDA-2026-000007", result.Output);
        Assert.Contains("pin the platform's key with --public-key", result.Output);
    }

    [Fact]
    public async Task Given_a_certificate_checked_against_another_key_When_verifying_Then_it_is_not_genuine()
    {
        var file = Write("certificate.json", JsonSerializer.SerializeToNode(Certificate(), Json)!);
        var other = Convert.ToHexStringLower(Sm2CertificateSigner.Generate().PublicKey);

        var result = await Dataport.RunAsync(["verify", "certificate", file, "--public-key", other]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NOT GENUINE", result.Error);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"number\": \"XMDA-2026-000001\"}", "has no number and signature")]
    [InlineData("not json", "is not a registration certificate")]
    public async Task Given_a_file_that_is_no_certificate_When_verifying_Then_it_says_what_is_wrong(string content, string message)
    {
        var file = Path.Combine(directory, "bad.json");
        await File.WriteAllTextAsync(file, content);

        var result = await Dataport.RunAsync(["verify", "certificate", file, "--public-key", PlatformKey]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Given_a_malformed_key_When_verifying_Then_it_says_what_a_key_looks_like()
    {
        var file = Write("certificate.json", JsonSerializer.SerializeToNode(Certificate(), Json)!);

        var result = await Dataport.RunAsync(["verify", "certificate", file, "--public-key", "zz"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("130 hex digits starting 04", result.Error);
    }

    private string PlatformKey => Convert.ToHexStringLower(platform.PublicKey);

    private string Write(string name, JsonNode content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content.ToJsonString());
        return path;
    }

    private AssetCertificate Certificate()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);
        var unsigned = new AssetCertificate("XMDA-2026-000007", "asset-bus", "xm-transport", "公交客流", new string('a', 64), at, platform.KeyId, "");
        return unsigned with { Signature = Convert.ToHexStringLower(platform.Sign(unsigned.Payload())) };
    }

    private TransactionVoucher Voucher()
    {
        var unsigned = new TransactionVoucher("XMDT-2026-000042", "order-1", "demo-developer", "xm-transport", "bus-ridership",
            "standard", Money.FromFen(12_000), "grant-1", DateTimeOffset.UtcNow, platform.KeyId, "");
        return unsigned with { Signature = Convert.ToHexStringLower(platform.Sign(unsigned.Payload())) };
    }
}
