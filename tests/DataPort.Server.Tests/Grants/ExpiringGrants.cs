using DataPort.Jobs;
using DataPort.Server.Tests.Assets;
using Microsoft.Extensions.DependencyInjection;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Grants;

public sealed class ExpiringGrants(ApiWithActiveGrant fixture) : IClassFixture<ApiWithActiveGrant>
{
    private sealed class NoProgress : IJobProgress
    {
        public ValueTask ReportAsync(long done, long total, string? stage, long? items, CancellationToken cancellationToken = default) =>
            ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_sweep_runs_after_its_end_Then_it_is_expired_and_a_second_sweep_finds_nothing()
    {
        var sweeper = fixture.Api.Services.GetRequiredService<IGrantExpirySweeper>();
        var afterTheTerm = DateTimeOffset.UtcNow.AddYears(2);

        var expired = await sweeper.ExpireDueGrantsAsync(afterTheTerm, new NoProgress(), default);
        var again = await sweeper.ExpireDueGrantsAsync(afterTheTerm, new NoProgress(), default);

        Assert.True(expired >= 1);
        Assert.Equal(0, again);
        var grant = await Ok(await fixture.As(People.Developer).GetAsync($"/api/grants/{fixture.GrantId}"));
        Assert.Equal("expired", grant.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_sweep_runs_before_its_end_Then_nothing_expires()
    {
        var sweeper = fixture.Api.Services.GetRequiredService<IGrantExpirySweeper>();

        Assert.Equal(0, await sweeper.ExpireDueGrantsAsync(DateTimeOffset.UtcNow, new NoProgress(), default));
    }
}
