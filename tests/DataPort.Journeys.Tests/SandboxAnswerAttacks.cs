using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// Answers that used to break or balloon: values .NET's decimal cannot hold, which cut the JSON after the 200 had
/// started, and a few rows of very large values, which made a 300 MB body. Against the real server, as an app sends them.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class SandboxAnswerAttacks(PortWithCatalog port)
{
    private const string DatasetId = "air-quality-hourly";

    [Fact]
    public async Task Given_numerics_beyond_decimal_and_not_a_number_When_queried_Then_json_and_csv_carry_them_whole()
    {
        var (developer, grantId, table) = await GrantAsync();
        using var _ = developer;
        var sql = $"SELECT 'NaN'::numeric AS nan, 123456789012345678901234567890123::numeric AS whole, 1.5e40::numeric AS large, " +
                  $"'-Infinity'::float8 AS minus_infinity, 2.5::numeric AS ordinary, -0.000000000000000000000000000000012345::numeric AS tiny FROM {table} LIMIT 1";

        using var json = await PostAsync(developer, grantId, sql, "application/json");
        var result = await json.Content.ReadFromJsonAsync<JsonElement>();
        using var csv = await PostAsync(developer, grantId, sql, "text/csv");
        var csvText = await csv.Content.ReadAsStringAsync();

        var row = result.GetProperty("rows")[0];
        Assert.Equal("NaN", row[0].GetString());
        Assert.Equal("123456789012345678901234567890123", row[1].GetString());
        Assert.Equal("15000000000000000000000000000000000000000", row[2].GetString());
        Assert.Equal("-Infinity", row[3].GetString());
        Assert.Equal(2.5m, row[4].GetDecimal());
        Assert.Equal("-0.000000000000000000000000000000012345", row[5].GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.Contains("NaN,123456789012345678901234567890123,", csvText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_every_kind_of_value_postgres_returns_When_queried_Then_json_csv_and_parquet_answers_are_whole()
    {
        var (developer, grantId, table) = await GrantAsync();
        using var _ = developer;
        var sql = "SELECT interval '1 day 02:03:04' AS span, '1.2.3.4/32'::inet AS address, B'101' AS bits, '12.34'::money AS amount, " +
                  "'(1,2)'::point AS spot, '[1,5)'::int4range AS span_of_ints, '{1.5,NaN}'::numeric[] AS numbers, '12:00+08'::timetz AS local_time, " +
                  "'{\"a\": [1, 2.50]}'::jsonb AS document, 'a fat cat'::tsvector AS words, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, " +
                  $"'\\x0102'::bytea AS raw, true AS flag, 'infinity'::timestamptz AS forever, 'NaN'::float4 AS nan FROM {table} LIMIT 1";

        foreach (var accept in new[] { "application/json", "text/csv", "application/vnd.apache.parquet" })
        {
            using var response = await PostAsync(developer, grantId, sql, accept);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length > 0, accept);
            if (accept == "application/json")
            {
                var row = JsonDocument.Parse(body).RootElement.GetProperty("rows")[0];
                Assert.Equal(15, row.GetArrayLength());
                Assert.Equal("{1.5,NaN}", row[6].GetString());
                Assert.Equal("1 day 02:03:04", row[0].GetString());
            }
        }
    }

    [Fact]
    public async Task Given_rows_of_large_values_When_queried_Then_the_answer_stops_at_the_byte_cap_and_says_why()
    {
        var (developer, grantId, _) = await GrantAsync();
        using var _ = developer;

        var result = await developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest
        {
            GrantId = grantId, Sql = "SELECT repeat('x', 200000) AS filler FROM generate_series(1, 60)",
        });

        Assert.True(result.Truncated);
        Assert.Equal("byte-cap", result.TruncatedBy);
        Assert.InRange(result.RowCount, 1, PortWithCatalog.AnswerByteCap / 200_000);
    }

    [Fact]
    public async Task Given_a_query_that_fails_after_its_first_rows_When_run_through_the_sdk_Then_it_raises_instead_of_returning_the_rows()
    {
        var (developer, grantId, _) = await GrantAsync();
        using var _ = developer;
        const string sql = "SELECT 1 / (3000 - x) AS ratio FROM generate_series(1, 5000) AS x";

        var raised = await Assert.ThrowsAnyAsync<DataPortApiException>(
            () => developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grantId, Sql = sql }));
        var answer = JsonDocument.Parse(raised.Response!).RootElement;

        Assert.True(answer.GetProperty("rowCount").GetInt64() > 0);
        Assert.Equal("Division by zero", answer.GetProperty("error").GetProperty("title").GetString());
        Assert.Contains("failed after its answer had started: Division by zero", raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_aggregate_only_grant_When_it_asks_for_an_exact_max_Then_it_is_refused_and_a_private_average_is_not()
    {
        var (developer, grantId, version) = await AggregateOnlyGrantAsync("journey: outlier attack");
        using var _ = developer;
        AggregationRequest Metric(string function, bool bounded = true) => new()
        {
            GrantId = grantId, DatasetId = CarbonCredits, Version = version, GroupBy = ["出行方式"],
            Metrics = [bounded
                ? new AggregationMetric { Function = function, Column = "减排量克", Lower = 0, Upper = 10_000 }
                : new AggregationMetric { Function = function, Column = "减排量克" }],
        };

        var maximum = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => developer.Sandbox.RunSandboxAggregationAsync(Metric("max")));
        var unbounded = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(
            () => developer.Sandbox.RunSandboxAggregationAsync(Metric("avg", bounded: false)));
        var average = await developer.Sandbox.RunSandboxAggregationAsync(Metric("avg"));

        Assert.Equal(403, maximum.StatusCode);
        Assert.Contains("an exact min or max is a single row's value: ask for a quantile", maximum.Result.Detail, StringComparison.Ordinal);
        Assert.Equal(400, unbounded.StatusCode);
        Assert.Contains("metrics[0].lower and metrics[0].upper are required", unbounded.Result.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(average.Groups);
        Assert.All(average.Groups, g => Assert.InRange(MetricOf(g, "avg_减排量克"), 0, 10_000));
        Assert.Equal("discrete-laplace", average.Privacy.Mechanism);
        Assert.Equal(0.5, average.Privacy.EpsilonSpent);
        Assert.Equal(9.5, average.Privacy.EpsilonLeft!.Value, 9); // the refused and the malformed request spent nothing
    }

    /// <summary>
    /// The differencing attack that beat suppression: a sum over every row, less a sum over the rows below a value, is
    /// the sum of the few rows above it (one person's value, with a well-chosen cut). Under noise each difference is off by far more than any value's whole range, and the budget
    /// stops the attacker averaging the noise away: it is refused, saying when the budget renews.
    /// </summary>
    [Fact]
    public async Task Given_an_aggregate_only_grant_When_it_differences_two_sums_until_its_budget_ends_Then_it_learns_nothing_closer_than_the_noise()
    {
        const double upper = 10_000;
        var (developer, grantId, version) = await AggregateOnlyGrantAsync("journey: differencing attack");
        using var _ = developer;
        const double cut = 9_000;
        AggregationRequest Sum(double? below) => new()
        {
            GrantId = grantId, DatasetId = CarbonCredits, Version = version, Epsilon = 1,
            Metrics = [new AggregationMetric { Function = "sum", Column = "减排量克", Lower = 0, Upper = upper }],
            Filters = below is { } value ? [new AggregationFilter { Column = "减排量克", Operator = "lt", Value = value }] : [],
        };

        var differences = new List<double>();
        AggregationResult? last = null;
        for (var pair = 0; pair < 5; pair++)
        {
            var all = await developer.Sandbox.RunSandboxAggregationAsync(Sum(null));
            last = await developer.Sandbox.RunSandboxAggregationAsync(Sum(cut));
            differences.Add(SumOf(all) - SumOf(last));
        }
        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => developer.Sandbox.RunSandboxAggregationAsync(Sum(null)));

        // Each sum carries Laplace noise of scale upper/ε = 10,000, so a difference's spread is about 20,000. Five samples
        // estimate that loosely: a sample spread below a quarter of the range would happen about once in 2,000 runs if
        // the noise were right, and every time if the answers were exact (a spread of 0).
        var mean = differences.Average();
        var spread = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1));
        Assert.True(spread > upper / 4, $"differences {string.Join(", ", differences)} vary by {spread:0}, far less than a value's range {upper}");
        Assert.DoesNotContain("suppressed", JsonSerializer.Serialize(last), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, last!.Privacy.EpsilonLeft!.Value, 9);
        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("privacy budget of ε = 10 per 30 days has ε = 0 left", refused.Result.Detail, StringComparison.Ordinal);
        Assert.Contains("it renews at", refused.Result.Detail, StringComparison.Ordinal);
    }

    private const string CarbonCredits = "traffic-carbon-credits";

    private static double SumOf(AggregationResult result) =>
        result.Groups.Count == 0 ? 0 : MetricOf(Assert.Single(result.Groups), "sum_减排量克");

    private static double MetricOf(AggregationGroup group, string name) =>
        JsonSerializer.SerializeToElement(group.Metrics).GetProperty(name).GetDouble();

    private async Task<(DataPortConnection Developer, string GrantId, int Version)> AggregateOnlyGrantAsync(string purpose)
    {
        var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var details = await developer.Datasets.GetDatasetAsync(CarbonCredits);
        var requested = await developer.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = CarbonCredits, LicenceOptionId = "sandbox-research", Purpose = purpose, TermDays = 30, Fields = ["出行方式", "减排量克"],
        });
        using var owner = port.As($"owner-1;{details.OwnerOrganisationId};merchant");
        await new GrantsClient(owner).ApproveGrantAsync(requested.GrantId, new Approval());
        return (developer, requested.GrantId, Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(CarbonCredits)).Version);
    }

    private static async Task<HttpResponseMessage> PostAsync(DataPortConnection developer, string grantId, string sql, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sandbox/queries") { Content = JsonContent.Create(new { grantId, sql }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var response = await developer.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }

    private Task<(DataPortConnection Developer, string GrantId, string Table)> GrantAsync() => UsedGrant.WithTableAsync(port, DatasetId);
}
