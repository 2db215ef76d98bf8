using DataPort.Sandbox.Aggregations.Privacy;

namespace DataPort.Sandbox.Tests;

/// <summary>The noise and the release rule behave as docs/privacy.md says (large samples, loose enough never to flake).</summary>
public sealed class PrivateReleaseTests
{
    [Fact]
    public void Given_a_scale_When_discrete_laplace_is_drawn_Then_its_mean_is_zero_and_its_variance_is_the_distributions()
    {
        const double scale = 2;
        var draws = Enumerable.Range(0, 40_000).Select(_ => (double)SecureNoise.DiscreteLaplace(scale)).ToList();
        var t = Math.Exp(-1 / scale);

        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (draws.Count - 1);

        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(variance, 0.9 * 2 * t / ((1 - t) * (1 - t)), 1.1 * 2 * t / ((1 - t) * (1 - t)));
    }

    [Fact]
    public void Given_epsilon_one_half_When_groups_are_released_Then_the_threshold_hides_one_person_and_shows_a_crowd()
    {
        var release = new PrivateRelease(0.5, minimumGroupSize: 5, metrics: []);

        var lonely = Enumerable.Range(0, 20_000).Count(_ => release.ReleasedCount(1) is not null);
        var crowd = Enumerable.Range(0, 1_000).Count(_ => release.ReleasedCount(1_000) is not null);

        Assert.Equal(33, release.Threshold); // 1 + ⌈(ln 10⁷ − ln(1 + e^−0.5)) / 0.5⌉
        Assert.Equal(0, lonely);
        Assert.Equal(1_000, crowd);
    }

    [Fact]
    public void Given_scores_When_gumbel_max_picks_Then_each_index_comes_up_in_proportion_to_its_weight()
    {
        double[] scores = [0, Math.Log(3)];

        var second = Enumerable.Range(0, 20_000).Count(_ => SecureNoise.GumbelMax(scores) == 1) / 20_000.0;

        Assert.InRange(second, 0.72, 0.78);
    }
}
