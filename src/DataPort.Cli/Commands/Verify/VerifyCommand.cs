using System.CommandLine;
using System.Text.Json;
using DataPort.Domain.Certificates;
using DataPort.Domain.Trading;

namespace DataPort.Cli.Commands.Verify;

/// <summary>
/// <c>dataport verify certificate|voucher FILE [--public-key HEX]</c>: checks the platform's SM2 signature over a
/// registration certificate (XMDA-…) or a trade voucher (XMDT-…) offline, from the signed document alone. FILE is the
/// document as the API gives it: the bare certificate or voucher, <c>GET /api/assets/{id}/certificate</c>'s answer, or
/// <c>GET /api/verify/…</c>'s. Exit 0 when genuine, 1 when not.
/// </summary>
public static class VerifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create() => new("verify", "Check a registration certificate or a trade voucher offline: is the platform's signature genuine?")
    {
        Create<AssetCertificate>("certificate", "a registration certificate (XMDA-…)", "certificate",
            (c, key) => CertificateVerifier.Verify(c, key), c => c.Number, c => $"asset {c.AssetId} of {c.OwnerOrganisationId}, 《{c.TitleZh}》, issued {c.IssuedAt:u}"),
        Create<TransactionVoucher>("voucher", "a trade voucher (XMDT-…)", "voucher",
            (v, key) => v.VerifyWith(key), v => v.Number,
            v => $"order {v.OrderId}: {v.BuyerOrganisationId} bought {v.DatasetId} ({v.LicenceOptionId}) from {v.SellerOrganisationId} for {v.Total}, grant {v.GrantId}, issued {v.IssuedAt:u}"),
    };

    private static Command Create<T>(string name, string what, string member, Func<T, byte[], bool> verify, Func<T, string> number, Func<T, string> describe)
    {
        var file = new Argument<FileInfo>("FILE") { Description = $"JSON of {what}, as the API gives it" };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "The platform's SM2 public key (hex, 04‖x‖y) to trust; without it, the key in FILE is used and the result says so",
        };
        var command = new Command(name, $"Check the platform's SM2 signature over {what}") { file, publicKey };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            var (document, keyInFile) = await ReadAsync<T>(path, member, what, cancellationToken);
            var pinned = parseResult.GetValue(publicKey);
            var keyHex = pinned ?? keyInFile
                ?? throw new CliException($"{path.Name} carries no public key: give the platform's with --public-key (GET /api/verify/{member}s/NUMBER shows it)");
            var key = ParseKey(keyHex);
            if (!verify(document, key))
            {
                throw new CliException($"NOT GENUINE: {number(document)}: the signature does not hold under key {keyHex[..Math.Min(16, keyHex.Length)]}…; the document was altered or not signed by this platform");
            }
            output.WriteLine($"genuine: {number(document)}: {describe(document)}");
            output.WriteLine(pinned is null
                ? "signed by the key given in the file itself; pin the platform's key with --public-key to trust it"
                : "signed by the pinned public key");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The document itself, or the API's wrapper around it (<c>{certificate|content, publicKey}</c>), with the key it names.</summary>
    private static async Task<(T Document, string? PublicKey)> ReadAsync<T>(FileInfo path, string member, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = path.OpenRead();
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{path.Name} is not {what}: expected a JSON object");
            }
            var body = root.TryGetProperty(member, out var inner) || root.TryGetProperty("content", out inner) ? inner : root;
            var key = root.TryGetProperty("publicKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            var document = body.Deserialize<T>(Json);
            if (document is null || !body.TryGetProperty("signature", out _) || !body.TryGetProperty("number", out _))
            {
                throw new CliException($"{path.Name} is not {what}: it has no number and signature");
            }
            return (document, key);
        }
        catch (JsonException e)
        {
            throw new CliException($"{path.Name} is not {what}: {e.Message}");
        }
    }

    private static byte[] ParseKey(string hex)
    {
        try
        {
            var key = Convert.FromHexString(hex.Trim());
            return key.Length == 65 && key[0] == 0x04 ? key
                : throw new CliException("--public-key must be an uncompressed SM2 point: 130 hex digits starting 04");
        }
        catch (FormatException)
        {
            throw new CliException("--public-key must be hex: 130 hex digits starting 04");
        }
    }
}
