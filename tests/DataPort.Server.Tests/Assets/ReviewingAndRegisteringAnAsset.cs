using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Assets;

public sealed partial class ReviewingAndRegisteringAnAsset(ApiWithSubmittedAsset fixture) : IClassFixture<ApiWithSubmittedAsset>
{
    [Fact]
    public async Task Given_a_submitted_asset_When_an_operator_reviews_and_registers_it_Then_a_signed_certificate_anyone_can_verify()
    {
        var op = fixture.As(People.Operator);

        await Ok(await op.PostAsync($"/api/assets/{fixture.AssetId}/review", null));
        var registered = await Ok(await op.PostAsync($"/api/assets/{fixture.AssetId}/register", null));

        Assert.Equal("registered", registered.GetProperty("status").GetString());
        Assert.Matches(CertificateNumber(), registered.GetProperty("certificate").GetProperty("number").GetString());
        var certificate = await Ok(await fixture.As(People.Developer).GetAsync($"/api/assets/{fixture.AssetId}/certificate"));
        Assert.True(certificate.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(130, certificate.GetProperty("publicKey").GetString()!.Length);
    }

    [Fact]
    public async Task Given_a_submitted_asset_When_the_merchant_starts_the_review_Then_403()
    {
        var id = await fixture.SubmittedAssetAsync();

        await Problem(await fixture.As(People.Merchant).PostAsync($"/api/assets/{id}/review", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_submitted_asset_When_registered_without_review_Then_409()
    {
        var id = await fixture.SubmittedAssetAsync();

        var problem = await Problem(await fixture.As(People.Operator).PostAsync($"/api/assets/{id}/register", null), HttpStatusCode.Conflict);

        Assert.Contains("Submitted", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_an_asset_under_review_When_rejected_and_amended_Then_it_is_submitted_again()
    {
        var id = await fixture.SubmittedAssetAsync();
        var op = fixture.As(People.Operator);
        await Ok(await op.PostAsync($"/api/assets/{id}/review", null));

        await Ok(await op.PostAsJsonAsync($"/api/assets/{id}/reject", new { reason = "Legal basis does not cover card numbers" }));
        var amended = await Ok(await fixture.As(People.Merchant).PutAsJsonAsync($"/api/assets/{id}", AssetSubmission("公交刷卡（修订）")));

        Assert.Equal("submitted", amended.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Given_an_unknown_asset_When_it_is_reviewed_Then_404()
    {
        await Problem(await fixture.As(People.Operator).PostAsync("/api/assets/no-such-asset/review", null), HttpStatusCode.NotFound);
    }

    [GeneratedRegex(@"^XMDA-\d{4}-\d{6}$")]
    private static partial Regex CertificateNumber();
}
