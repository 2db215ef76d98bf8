using System.Net;
using System.Net.Http.Json;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Assets;

public sealed class RetryingASubmissionWithAnIdempotencyKey(ApiWithNothing fixture) : IClassFixture<ApiWithNothing>
{
    private async Task<HttpResponseMessage> Submit(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await fixture.As(People.Merchant).SendAsync(request);
    }

    private async Task<long> AssetStreams()
    {
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT count(*) FROM events.mt_streams WHERE id LIKE 'asset-%'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Given_a_completed_submission_When_it_is_retried_with_the_same_key_Then_the_same_response_and_nothing_created_twice()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Submit(key, AssetSubmission("重试"));
        var firstBody = await first.Content.ReadAsStringAsync();
        var streamsAfterFirst = await AssetStreams();

        var retry = await Submit(key, AssetSubmission("重试"));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.True(retry.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(streamsAfterFirst, await AssetStreams());
    }

    [Fact]
    public async Task Given_a_used_key_When_it_comes_with_a_different_body_Then_422()
    {
        var key = Guid.NewGuid().ToString();
        await Ok(await Submit(key, AssetSubmission("甲")), HttpStatusCode.Created);

        var problem = await Problem(await Submit(key, AssetSubmission("乙")), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Given_a_refused_submission_When_corrected_under_the_same_key_Then_it_is_created()
    {
        var key = Guid.NewGuid().ToString();
        await Problem(await Submit(key, new { title = new { zh = "x", en = "x" } }), HttpStatusCode.UnprocessableEntity);

        await Ok(await Submit(key, AssetSubmission("改正")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Given_two_callers_When_they_use_the_same_key_Then_each_gets_their_own_result()
    {
        var key = Guid.NewGuid().ToString();
        var mine = await Ok(await Submit(key, AssetSubmission()), HttpStatusCode.Created);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = JsonContent.Create(AssetSubmission()) };
        request.Headers.Add("Idempotency-Key", key);
        var theirs = await Ok(await fixture.As(People.OtherMerchant).SendAsync(request), HttpStatusCode.Created);

        Assert.NotEqual(mine.GetProperty("assetId").GetString(), theirs.GetProperty("assetId").GetString());
    }
}
