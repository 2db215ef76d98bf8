using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Server.Infrastructure;
using DataPort.Testing;

namespace DataPort.Server.Tests.Assets;

/// <summary>The people of the domain API tests, as the development header names them.</summary>
public static class People
{
    public const string OwnerOrg = "org-xm-transport";
    public const string DeveloperOrg = "org-acme";
    public static readonly string Merchant = DevelopmentAuthentication.HeaderValue("u-merchant", OwnerOrg, "merchant");
    public static readonly string OtherMerchant = DevelopmentAuthentication.HeaderValue("u-other", "org-other", "merchant");
    public static readonly string Developer = DevelopmentAuthentication.HeaderValue("u-dev", DeveloperOrg, "developer");
    public static readonly string Operator = DevelopmentAuthentication.HeaderValue("u-op", "org-operator", "operator");
    public static readonly string Regulator = DevelopmentAuthentication.HeaderValue("u-reg", "org-regulator", "regulator");
}

/// <summary>
/// Base of the <c>ApiWith…</c> fixtures: the server on a database of its own, clients per person, and the
/// HTTP steps that bring data into a given state (each call makes fresh entities, so tests never share one).
/// </summary>
public class DomainApi : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public DataPortApi Api { get; private set; } = null!;

    public TestDatabase Database => database;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Api = new DataPortApi(database.ConnectionString);
        await SeedAsync();
    }

    /// <summary>Brings the fixture's own entity into the state its name gives.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }

    public HttpClient As(string actorHeader)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add(DevelopmentAuthentication.HeaderName, actorHeader);
        return client;
    }

    public static object AssetSubmission(string title = "公交刷卡记录") => new
    {
        title = new { zh = title, en = "Bus card taps" },
        description = "Taps of transit cards on Xiamen buses",
        sourceDepartment = "厦门市交通运输局",
        dataCategories = new[] { "transport" },
        legalBasis = "厦门经济特区数据条例 第三十条",
        schema = new[] { new { name = "card_no", type = "text" }, new { name = "stop_id", type = "text" }, new { name = "tapped_at", type = "timestamp" } },
    };

    public async Task<string> SubmittedAssetAsync()
    {
        var response = await As(People.Merchant).PostAsJsonAsync("/api/assets", AssetSubmission());
        return (await Ok(response, HttpStatusCode.Created)).GetProperty("assetId").GetString()!;
    }

    public async Task<string> RegisteredAssetAsync()
    {
        var id = await SubmittedAssetAsync();
        var op = As(People.Operator);
        await Ok(await op.PostAsync($"/api/assets/{id}/review", null));
        await Ok(await op.PostAsync($"/api/assets/{id}/register", null));
        return id;
    }

    public async Task<string> DraftDatasetAsync()
    {
        var assetId = await RegisteredAssetAsync();
        var response = await As(People.Merchant).PostAsJsonAsync("/api/datasets", new
        {
            assetId,
            title = new { zh = "公交刷卡", en = "Bus taps" },
            description = new { zh = "脱敏后的公交刷卡记录", en = "Masked bus card taps" },
            theme = "transport",
            ownerDepartment = "厦门市交通运输局",
            updateFrequency = "daily",
            columns = new[]
            {
                new { name = "card_no", type = "text", grade = 3, personal = true, sensitive = false },
                new { name = "stop_id", type = "text", grade = 1, personal = false, sensitive = false },
                new { name = "tapped_at", type = "timestamp", grade = 2, personal = false, sensitive = false },
            },
        });
        return (await Ok(response, HttpStatusCode.Created)).GetProperty("datasetId").GetString()!;
    }

    public async Task<string> PublishedDatasetAsync()
    {
        var id = await DraftDatasetAsync();
        var merchant = As(People.Merchant);
        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{id}/versions",
            new { contentHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()).PadRight(64, '0'), rowCount = 1000, pipelineRunId = "run-1" }));
        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{id}/licence-options", SandboxLicence));
        await Ok(await merchant.PostAsync($"/api/datasets/{id}/publish", null));
        return id;
    }

    public static object SandboxLicence => new
    {
        id = "sandbox", name = "Sandbox, one year", purposeLimited = true, termDays = 365, downloadAllowed = false, aggregateOnly = false,
        price = "free", amountFen = 0,
    };

    public static object AccessRequest(string datasetId) => new
    {
        datasetId, purpose = "Route planning research", fields = new[] { "stop_id", "tapped_at" }, termDays = 30, licenceOptionId = "sandbox",
    };

    public async Task<(string DatasetId, string GrantId)> RequestedGrantAsync()
    {
        var datasetId = await PublishedDatasetAsync();
        var response = await As(People.Developer).PostAsJsonAsync("/api/grants", AccessRequest(datasetId));
        return (datasetId, (await Ok(response, HttpStatusCode.Created)).GetProperty("grantId").GetString()!);
    }

    public async Task<(string DatasetId, string GrantId)> ActiveGrantAsync()
    {
        var (datasetId, grantId) = await RequestedGrantAsync();
        await Ok(await As(People.Merchant).PostAsJsonAsync($"/api/grants/{grantId}/approve", new { maxQueries = 100, maxRows = 10000 }));
        return (datasetId, grantId);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return string.IsNullOrEmpty(body) ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the status and returns it.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await Ok(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}

/// <summary>Given: nothing but the platform.</summary>
public sealed class ApiWithNothing : DomainApi;

/// <summary>Given: an asset submitted by the merchant, not yet reviewed.</summary>
public sealed class ApiWithSubmittedAsset : DomainApi
{
    public string AssetId { get; private set; } = "";

    protected override async Task SeedAsync() => AssetId = await SubmittedAssetAsync();
}
