using DataPort.Client;
using DuckDB.NET.Data;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A developer organisation's app, through the generated SDK only: find a catalog dataset, request access, have the
/// owner approve it, then query, aggregate and download the masked data the catalog publish loaded into the sandbox.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class DeveloperJourneyTests(PortWithCatalog port)
{
    private const string DatasetId = "bus-stops";

    /// <summary>An app of a new developer organisation with an approved grant on bus stops (owner approves as a person).</summary>
    private async Task<(DataPortConnection App, AccessGrant Grant, SandboxVersionView Version)> GrantedAsync(
        string licence = "open-download", long? maxQueries = null, long? maxRows = null)
    {
        var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query", "data.download");
        var found = await app.Datasets.SearchDatasetsAsync(q: "公交站点");
        Assert.Single(found.Items, d => d.DatasetId == DatasetId);
        var dataset = await app.Datasets.GetDatasetAsync(DatasetId);
        var version = Assert.Single(await app.Sandbox.ListSandboxVersionsAsync(DatasetId));
        var requested = await app.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = DatasetId, LicenceOptionId = licence, Purpose = "journey test: stop coverage", TermDays = 30,
            Fields = [.. dataset.Columns.Where(c => !c.Personal).Select(c => c.Name)],
        });
        Assert.Equal(GrantStatus.Requested, requested.Status);
        using var owner = port.As($"owner-1;{dataset.OwnerOrganisationId};merchant");
        var approved = await new GrantsClient(owner).ApproveGrantAsync(requested.GrantId, new Approval { MaxQueries = maxQueries, MaxRows = maxRows });
        Assert.Equal(GrantStatus.Active, approved.Status);
        return (app, approved, version);
    }

    [Fact]
    public async Task Given_an_approved_grant_When_the_app_queries_aggregates_and_downloads_Then_it_gets_masked_rows_and_its_use_is_recorded()
    {
        var (app, grant, version) = await GrantedAsync();
        using var _ = app;

        var result = await app.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT * FROM {version.Table} LIMIT 5" });
        Assert.Equal(5, result.RowCount);
        Assert.Equal(5, result.Rows.Count);
        Assert.All(result.Columns, c => Assert.Contains(c.Label, grant.GrantedFields));

        var district = version.Columns.Single(c => c.Name == "district").Label;
        var aggregation = await app.Sandbox.RunSandboxAggregationAsync(new AggregationRequest
        {
            GrantId = grant.GrantId, DatasetId = DatasetId, Version = version.Version, GroupBy = [district], Metrics = [new AggregationMetric { Function = "count" }],
        });
        Assert.NotEmpty(aggregation.Groups);

        using var file = await app.Sandbox.DownloadSandboxVersionAsync(DatasetId, version.Version, grant.GrantId);
        var path = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.parquet");
        try
        {
            await using (var copy = File.Create(path))
            {
                await file.Stream.CopyToAsync(copy);
            }
            var (columns, rows) = ReadWithDuckDb(path);
            Assert.Equal(version.RowCount, rows);
            Assert.Equal(grant.GrantedFields.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }

        var used = await app.Grants.GetGrantAsync(grant.GrantId);
        Assert.Equal((2L, 1L), (used.Usage.Queries, used.Usage.Downloads));
    }

    [Fact]
    public async Task Given_a_query_quota_When_it_is_used_up_Then_the_next_query_is_refused_before_it_runs()
    {
        var (app, grant, version) = await GrantedAsync(maxQueries: 2);
        using var _ = app;
        var query = new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT count(*) FROM {version.Table}" };
        await app.Sandbox.RunSandboxQueryAsync(query);
        await app.Sandbox.RunSandboxQueryAsync(query);

        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => app.Sandbox.RunSandboxQueryAsync(query));

        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("quota", refused.Result.Detail);
        Assert.Equal(2, (await app.Grants.GetGrantAsync(grant.GrantId)).Usage.Queries);
    }

    [Fact]
    public async Task Given_a_row_quota_When_a_query_would_cross_it_Then_it_returns_the_rows_left_and_says_so()
    {
        var (app, grant, version) = await GrantedAsync(maxRows: 7);
        using var _ = app;

        var result = await app.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT * FROM {version.Table}" });

        Assert.Equal((7L, true, "row-quota", 0L), (result.RowCount, result.Truncated, result.TruncatedBy, result.RowsRemaining ?? -1));
        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() =>
            app.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT * FROM {version.Table}" }));
        Assert.Equal(403, refused.StatusCode);
    }

    [Fact]
    public async Task Given_a_suspended_then_a_revoked_grant_When_the_app_queries_Then_it_is_refused()
    {
        var (app, grant, version) = await GrantedAsync();
        using var _ = app;
        var query = new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT count(*) FROM {version.Table}" };
        await app.Sandbox.RunSandboxQueryAsync(query);
        using var regulator = port.As(PortWithCatalog.Regulator);
        var regulators = new GrantsClient(regulator);

        await regulators.SuspendGrantAsync(grant.GrantId, new ReasonRequest { Reason = "journey: audit" });
        var suspended = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => app.Sandbox.RunSandboxQueryAsync(query));
        await regulators.RevokeGrantAsync(grant.GrantId, new ReasonRequest { Reason = "journey: ended" });
        var revoked = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => app.Sandbox.RunSandboxQueryAsync(query));

        Assert.Equal((403, 403), (suspended.StatusCode, revoked.StatusCode));
        Assert.Contains("suspended", suspended.Result.Detail);
        Assert.Contains("revoked", revoked.Result.Detail);
    }

    [Fact]
    public async Task Given_a_dataset_the_regulator_suspends_When_the_app_queries_aggregates_or_downloads_Then_each_is_refused_until_resumed()
    {
        // A dataset of its own: the other journeys keep using bus stops while this one is suspended.
        const string Suspended = "weather-observations";
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query", "data.download");
        var dataset = await app.Datasets.GetDatasetAsync(Suspended);
        var version = Assert.Single(await app.Sandbox.ListSandboxVersionsAsync(Suspended));
        var requested = await app.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = Suspended, LicenceOptionId = dataset.LicenceOptions[0].Id, Purpose = "journey: suspension", TermDays = 30,
            Fields = [.. dataset.Columns.Where(c => !c.Personal).Select(c => c.Name)],
        });
        using var owner = port.As($"owner-1;{dataset.OwnerOrganisationId};merchant");
        var grant = await new GrantsClient(owner).ApproveGrantAsync(requested.GrantId, new Approval());
        var query = new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT count(*) FROM {version.Table}" };
        using var regulator = port.As(PortWithCatalog.Regulator);
        var datasets = new DatasetsClient(regulator);

        await datasets.SuspendDatasetAsync(Suspended, new ReasonRequest { Reason = "journey: audit of the source" });
        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => app.Sandbox.RunSandboxQueryAsync(query));
        var aggregationRefused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => app.Sandbox.RunSandboxAggregationAsync(new AggregationRequest
        {
            GrantId = grant.GrantId, DatasetId = Suspended, Version = version.Version, GroupBy = [version.Columns[0].Label],
            Metrics = [new AggregationMetric { Function = "count" }],
        }));
        var downloadRefused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(
            () => app.Sandbox.DownloadSandboxVersionAsync(Suspended, version.Version, grant.GrantId));
        await datasets.ResumeDatasetAsync(Suspended, new ReasonRequest { Reason = "journey: checked" });
        var after = await app.Sandbox.RunSandboxQueryAsync(query);

        Assert.All([refused, aggregationRefused, downloadRefused], e =>
        {
            Assert.Equal(403, e.StatusCode);
            Assert.Contains("suspended by the regulator (journey: audit of the source)", e.Result.Detail);
        });
        Assert.Equal(GrantStatus.Active, (await app.Grants.GetGrantAsync(grant.GrantId)).Status);
        Assert.Equal(1, after.RowCount);
    }

    [Fact]
    public async Task Given_another_organisations_grant_When_an_app_uses_it_Then_it_is_not_found()
    {
        var (owner, grant, version) = await GrantedAsync();
        using var _ = owner;
        using var stranger = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "sandbox.query");

        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() =>
            stranger.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grant.GrantId, Sql = $"SELECT 1 FROM {version.Table}" }));

        Assert.Equal(404, refused.StatusCode);
    }

    [Fact]
    public async Task Given_the_catalog_published_When_each_dataset_is_listed_Then_every_one_has_a_queryable_version()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var datasets = await Paging.AllAsync(
            (page, size, ct) => app.Datasets.SearchDatasetsAsync(page: page, pageSize: size, cancellationToken: ct), p => (p.Items, p.Total), pageSize: 10)
            .ToListAsync();

        // Other journeys publish datasets of their own beside the catalog's 26.
        var catalog = Directory.GetFiles(Path.Combine(Programs.Catalog, "datasets"), "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Equal(26, datasets.Count(d => catalog.Contains(d.DatasetId)));
        foreach (var dataset in datasets)
        {
            var version = Assert.Single(await app.Sandbox.ListSandboxVersionsAsync(dataset.DatasetId));
            Assert.True(version.RowCount > 0, dataset.DatasetId);
            Assert.All(version.Columns, c => Assert.Matches("^[a-z_][a-z0-9_]*$", c.Name));
        }
    }

    private static (List<string> Columns, long Rows) ReadWithDuckDb(string path)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var describe = duck.CreateCommand();
        describe.CommandText = $"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))";
        var columns = new List<string>();
        using (var reader = describe.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }
        using var count = duck.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM read_parquet('{path}')";
        return (columns, Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
