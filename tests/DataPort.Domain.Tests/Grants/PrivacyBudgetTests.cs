using DataPort.Domain.Grants;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Grants;

/// <summary>An aggregate-only grant's ε budget: spent by noisy aggregations, refused past its end, fresh each period.</summary>
public sealed class PrivacyBudgetTests
{
    private static AccessGrant Active(params IGrantEvent[] later)
    {
        var grant = AccessGrantDecider.Instance.Evolve(AccessGrantDecider.Instance.Evolve(null, Requested(AggregateLicence)), Issued());
        return later.Aggregate(grant, (state, e) => state.Apply(e));
    }

    private static GrantPrivacySpent Spent(double epsilon, DateTimeOffset at) => new(GrantId, epsilon, "dev-1", at);

    private static GrantUse Aggregate(double epsilon) => new GrantUse(DatasetId, 1, ["stop_id"], UseKind.Aggregate, 0) { Epsilon = epsilon };

    [Fact]
    public void Given_spends_in_one_period_When_one_more_would_pass_the_budget_Then_it_is_refused_saying_when_it_renews()
    {
        var start = IssuedAt;
        var grant = Active(Spent(4, start.AddDays(1)), Spent(5.5, start.AddDays(2)));

        var fits = GrantAuthorization.Authorize(grant, Aggregate(0.5), start.AddDays(3));
        var denied = Assert.IsType<Denied>(GrantAuthorization.Authorize(grant, Aggregate(0.6), start.AddDays(3)));

        Assert.IsType<Allowed>(fits);
        Assert.Equal("privacy-budget-exhausted", denied.Code);
        Assert.Contains($"it renews at {start.AddDays(30):O}", denied.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_spent_budget_When_its_period_ends_Then_a_fresh_budget_begins()
    {
        var weekly = AggregateLicence with { Privacy = new PrivacyBudget(2, 7) };
        var grant = AccessGrantDecider.Instance.Evolve(AccessGrantDecider.Instance.Evolve(null, Requested(weekly)), Issued())
            .Apply(Spent(2, IssuedAt.AddDays(6)));

        Assert.Equal((0, IssuedAt.AddDays(7)), grant.PrivacyLeft(IssuedAt.AddDays(6.5)));
        Assert.Equal((2, IssuedAt.AddDays(14)), grant.PrivacyLeft(IssuedAt.AddDays(7)));
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(grant, Aggregate(2), IssuedAt.AddDays(8)));
    }

    [Fact]
    public void Given_a_row_level_licence_When_an_aggregation_asks_for_epsilon_Then_the_use_spends_none()
    {
        var rowLevel = AccessGrantDecider.Instance.Evolve(AccessGrantDecider.Instance.Evolve(null, Requested()), Issued());
        var aggregateOnly = Active();

        Assert.Equal(0, rowLevel.Resolve(new UseRequest(UseKind.Aggregate, Epsilon: 0.5)).Epsilon);
        Assert.Equal(0.5, aggregateOnly.Resolve(new UseRequest(UseKind.Aggregate, Epsilon: 0.5)).Epsilon);
        Assert.Equal(0, aggregateOnly.Resolve(new UseRequest(UseKind.Download, Epsilon: 0.5)).Epsilon);
    }

    [Fact]
    public void Given_a_spend_beyond_the_budget_When_decided_Then_the_grant_refuses_to_record_it()
    {
        var grant = Active(Spent(9.8, IssuedAt.AddDays(1)));
        var by = new Domain.Common.Caller("dev-1", grant.DeveloperOrganisationId, [Domain.Common.Roles.Developer]);

        Assert.Throws<Domain.Common.InvalidTransitionException>(
            () => AccessGrantDecider.Instance.Decide(grant, new SpendPrivacyBudget(GrantId, 0.5, by, IssuedAt.AddDays(2))));
    }
}
