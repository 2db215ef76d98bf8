using Quartz;

namespace DataPort.Jobs.Tests;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(1, 15, 15 + 29)]
    [InlineData(2, 16, 16 + 29 * 2)]
    [InlineData(3, 31, 31 + 29 * 3)]
    [InlineData(10, 6576, 6576 + 29 * 10)]
    public void Given_Hangfires_formula_When_a_delay_is_computed_Then_it_lies_in_its_band(int attempt, int minimumSeconds, int maximumSeconds)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 50; i++)
        {
            var delay = RetryDelays.Delay(attempt, TimeSpan.FromSeconds(1), random);
            Assert.InRange(delay.TotalSeconds, minimumSeconds, maximumSeconds);
        }
    }

    [Fact]
    public void Given_the_default_options_When_a_policy_is_built_Then_it_retries_ten_times_with_growing_waits()
    {
        var policy = RetryDelays.Policy(new RetryOptions().MaxRetries, new RetryOptions().DelayUnit, new Random(7));

        Assert.Equal(10, policy.MaxAttempts);
        var waits = Enumerable.Range(1, 10).Select(policy.DelayFor).ToList();
        Assert.Equal(waits.Order(), waits);
        Assert.True(waits[^1] > TimeSpan.FromHours(1.8));
    }

    [Fact]
    public void Given_the_most_retries_with_long_waits_When_a_policy_is_built_Then_it_fits_Quartzs_column()
    {
        var policy = RetryDelays.Policy(RetryDelays.MaxRetries, TimeSpan.FromSeconds(1.2345));

        Assert.True(policy.ToStoredString().Length <= 250);
    }

    [Fact]
    public void Given_no_retries_When_a_policy_is_built_Then_nothing_is_retried() =>
        Assert.Equal(RetryPolicy.None, RetryDelays.Policy(0, TimeSpan.FromSeconds(1)));
}
