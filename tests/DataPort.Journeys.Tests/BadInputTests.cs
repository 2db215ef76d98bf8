using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DataPort.Journeys.Tests;

/// <summary>What an app sends wrong gets a problem naming the field and what it must be, and nothing is stored.</summary>
[Collection(PortCollection.Name)]
public sealed class BadInputTests(PortWithCatalog port)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Given_a_number_field_sent_as_text_Then_400_naming_the_field_and_its_type()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");

        var problem = await ProblemAsync(await app.Http.PostAsync("api/grants",
            Json("""{"datasetId":"bus-stops","licenceOptionId":"open-download","purpose":"x","termDays":"thirty","fields":["所在区"]}""")),
            HttpStatusCode.BadRequest);

        Assert.Equal("termDays", problem.GetProperty("field").GetString());
        Assert.Equal("'termDays' must be a whole number.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_a_body_that_is_not_json_Then_400_saying_where_it_breaks()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");

        var problem = await ProblemAsync(await app.Http.PostAsync("api/grants", Json("""{"datasetId":"bus-stops",""")), HttpStatusCode.BadRequest);

        Assert.StartsWith("The request body is not valid JSON at line 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_body_Then_400_saying_a_json_body_is_needed_without_naming_the_servers_types()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");

        var problem = await ProblemAsync(await app.Http.PostAsync("api/grants", Json("")), HttpStatusCode.BadRequest);

        Assert.Equal("This call needs a JSON body (Content-Type: application/json); see /docs for its fields.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_an_unknown_enum_value_in_the_query_or_the_body_Then_400_listing_the_allowed_values()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        using var merchant = port.As("merchant-1;xm-transport;merchant");

        var query = await ProblemAsync(await app.Http.GetAsync("api/grants?status=Bogus"), HttpStatusCode.BadRequest);
        var body = await ProblemAsync(await merchant.PostAsync("api/datasets/bus-stops/licence-options",
            Json("""{"id":"x","name":"x","termDays":30,"price":"Cheap","amountFen":1}""")), HttpStatusCode.BadRequest);

        Assert.Equal(("status", "'status' must be one of requested, active, denied, suspended, revoked, expired; got 'Bogus'."),
            (query.GetProperty("field").GetString(), query.GetProperty("detail").GetString()));
        Assert.Equal(("price", "'price' must be one of free, one-off, subscription, per-query."),
            (body.GetProperty("field").GetString(), body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Given_a_purpose_of_two_megabytes_Then_422_with_the_limit_and_no_grant_is_requested()
    {
        using var app = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var purpose = new string('x', 2_000_000);

        var problem = await ProblemAsync(await app.Http.PostAsJsonAsync("api/grants",
            new { datasetId = "bus-stops", licenceOptionId = "open-download", purpose, termDays = 30, fields = new[] { "所在区" } }),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal("purpose is 2000000 characters long; at most 2000 are accepted.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await app.Grants.ListGrantsAsync()).Total);
    }
}
