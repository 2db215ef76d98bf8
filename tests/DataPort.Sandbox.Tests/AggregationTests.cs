using System.Text.Json;
using DataPort.Sandbox.Aggregations;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// Given the aggregate-only grant (district, age, income; k = 3) on people: 10 in A, 7 in B, 2 in C, 1 in D. The
/// in-memory gateway resolves every use with ε = 0, so these are the exact path's rules; the noisy path (the grant's own
/// decision to spend budget) is tested against real grants in the journeys and in <c>PrivateReleaseTests</c>.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class AggregationTests(SandboxWithData sandbox)
{
    private Task<AggregationResult> RunAsync(
        IReadOnlyList<string>? groupBy, IReadOnlyList<AggregationMetric> metrics, IReadOnlyList<AggregationFilter>? filters = null, int version = 1) =>
        sandbox.Aggregations.RunAsync(
            new AggregationRequest(sandbox.AggregateGrantId, "people", version, groupBy, metrics, filters), sandbox.Caller);

    [Fact]
    public async Task Given_groups_smaller_than_k_When_aggregated_exactly_Then_they_are_left_out_without_saying_how_many()
    {
        var result = await RunAsync(["district"], [new("count"), new("avg", "age"), new("sum", "income")]);

        Assert.Equal(["A", "B"], result.Groups.Select(g => (string?)g.Key["district"]));
        Assert.Equal([10L, 7L], result.Groups.Select(g => g.Rows));
        Assert.All(result.Groups, g => Assert.True(g.Rows >= SandboxWithData.K));
        Assert.Equal(SandboxWithData.K, result.MinimumGroupSize);
        Assert.Equal(new AggregationPrivacy("exact", 0, null, null, SandboxWithData.K, 0), result.Privacy);
        Assert.DoesNotContain("suppressed", JsonSerializer.Serialize(result), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(10L, Convert.ToInt64(result.Groups[0].Metrics["count"]));
    }

    [Fact]
    public async Task Given_a_filter_that_narrows_to_fewer_than_k_rows_When_aggregated_without_groups_Then_the_total_is_suppressed()
    {
        var result = await RunAsync(null, [new("max", "age")],
            [new AggregationFilter("district", "eq", JsonSerializer.SerializeToElement("D"))]);

        Assert.Empty(result.Groups);
    }

    [Fact]
    public async Task Given_filters_with_parameters_When_aggregated_Then_only_matching_rows_count()
    {
        var result = await RunAsync(["district"], [new("count")],
        [
            new AggregationFilter("district", "in", JsonSerializer.SerializeToElement(new[] { "A", "B" })),
            new AggregationFilter("age", "ge", JsonSerializer.SerializeToElement(25)),
        ]);

        Assert.Equal(2, result.Groups.Count);
        Assert.Equal(13, result.Groups.Sum(g => g.Rows)); // version 1: A has ages 21-30 (6 are ≥ 25), B has 31-37 (7)
    }

    [Theory]
    [InlineData("name")]
    [InlineData("id")]
    [InlineData("age\"; DROP TABLE x; --")]
    public async Task Given_a_column_outside_the_grant_When_grouped_by_Then_it_is_refused(string column)
    {
        var e = await Assert.ThrowsAsync<SandboxValidationException>(() => RunAsync([column], [new("count")]));

        Assert.Contains("not one of the grant's columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_injection_attempt_in_a_filter_value_When_aggregated_Then_it_is_only_a_value()
    {
        var result = await RunAsync(["district"], [new("count")],
            [new AggregationFilter("district", "eq", JsonSerializer.SerializeToElement("A' OR '1'='1"))]);

        Assert.Empty(result.Groups);
    }

    [Theory]
    [InlineData("median", "age")]
    [InlineData("sum", "district")]
    [InlineData("avg", null)]
    public async Task Given_an_unsupported_metric_When_aggregated_Then_it_is_refused(string function, string? column)
    {
        await Assert.ThrowsAsync<SandboxValidationException>(() => RunAsync(["district"], [new(function, column)]));
    }

    [Fact]
    public async Task Given_an_unknown_filter_operator_When_aggregated_Then_it_is_refused()
    {
        await Assert.ThrowsAsync<SandboxValidationException>(() =>
            RunAsync(["district"], [new("count")], [new AggregationFilter("age", "like", JsonSerializer.SerializeToElement("%"))]));
    }

    [Fact]
    public async Task Given_the_results_When_serialised_Then_nothing_comes_from_outside_the_grant()
    {
        var result = await RunAsync(["district", "age"], [new("count"), new("min", "income"), new("max", "district")]);

        var json = JsonSerializer.Serialize(result);
        Assert.DoesNotContain(SandboxWithData.SecretMarker, json, StringComparison.Ordinal);
        Assert.Empty(result.Groups); // every (district, age) pair is unique here: all left out
    }

    [Fact]
    public async Task Given_a_version_outside_a_pinned_grant_When_aggregated_Then_it_is_refused()
    {
        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.Aggregations.RunAsync(
            new AggregationRequest(sandbox.RowGrantId, "people", 2, ["district"], [new("count")]), sandbox.Caller));

        Assert.Equal("version-not-granted", e.Reason);
    }

    [Fact]
    public async Task Given_a_row_level_grant_When_aggregated_Then_suppression_applies_as_well()
    {
        var result = await sandbox.Aggregations.RunAsync(
            new AggregationRequest(sandbox.RowGrantId, "people", 1, ["district"], [new("count")]), sandbox.Caller);

        Assert.Equal(2, result.Groups.Count);
    }

    [Fact]
    public async Task Given_a_dataset_not_in_the_grant_When_aggregated_Then_it_is_refused()
    {
        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.Aggregations.RunAsync(
            new AggregationRequest(sandbox.AggregateGrantId, "places", 1, ["code"], [new("count")]), sandbox.Caller));

        Assert.Equal("dataset-not-granted", e.Reason);
    }
}
