using System.Net;
using System.Net.Http.Json;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Assets;

public sealed class AmendingWithAStaleETag(ApiWithSubmittedAsset fixture) : IClassFixture<ApiWithSubmittedAsset>
{
    private Task<HttpResponseMessage> Amend(string id, string? ifMatch, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/assets/{id}") { Content = JsonContent.Create(AssetSubmission(title)) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return fixture.As(People.Merchant).SendAsync(request);
    }

    [Fact]
    public async Task Given_two_editors_read_the_same_version_When_both_amend_with_it_Then_the_second_gets_409_and_nothing_is_lost()
    {
        var read = await fixture.As(People.Merchant).GetAsync($"/api/assets/{fixture.AssetId}");
        var etag = read.Headers.ETag!.Tag;

        var first = await Amend(fixture.AssetId, etag, "第一");
        var second = await Amend(fixture.AssetId, etag, "第二");

        await Ok(first);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        var problem = await Problem(second, HttpStatusCode.Conflict);
        Assert.Equal(first.Headers.ETag!.Tag, problem.GetProperty("currentETag").GetString());
        var current = await Ok(await fixture.As(People.Merchant).GetAsync($"/api/assets/{fixture.AssetId}"));
        Assert.Equal("第一", current.GetProperty("details").GetProperty("title").GetProperty("zh").GetString());
    }

    [Fact]
    public async Task Given_the_current_etag_When_amending_Then_200_with_the_next_etag()
    {
        var id = await fixture.SubmittedAssetAsync();

        var response = await Amend(id, "\"1\"", "新");

        await Ok(response);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Given_a_malformed_if_match_When_amending_Then_400()
    {
        var id = await fixture.SubmittedAssetAsync();

        await Problem(await Amend(id, "yesterday", "x"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Given_no_if_match_When_amending_Then_the_change_applies_to_the_latest_version()
    {
        var id = await fixture.SubmittedAssetAsync();

        await Ok(await Amend(id, null, "甲"));
        var response = await Amend(id, null, "乙");

        await Ok(response);
        Assert.Equal("\"3\"", response.Headers.ETag!.Tag);
    }
}
