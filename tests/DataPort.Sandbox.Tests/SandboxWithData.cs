using DataPort.Sandbox.Database;
using System.Security.Cryptography;
using System.Text.Json;
using DataPort.Domain.Common;
using DataPort.Sandbox.Aggregations;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using DataPort.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>A clock the tests move forward to expire grants.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// Fixture: a migrated database with the sandbox's services over it and three masked versions loaded —
/// people v1 and v2 (with a <c>name</c> column no grant covers) and places v1 — plus a row-level grant
/// on people v1 (id, district, age) and an aggregate-only grant on people (district, age, income).
/// </summary>
public sealed class SandboxWithData : IAsyncLifetime
{
    public const string Developer = "dev-1";
    public const string SecretMarker = "SECRET-NAME-";
    public const int K = 3;

    private readonly TestDatabase database = new();

    public TestClock Clock { get; } = new();
    public SandboxOptions Options { get; private set; } = null!;
    public InMemoryGrantGateway Grants { get; private set; } = null!;
    public SandboxRoles Roles { get; private set; } = null!;
    public SandboxLoader Loader { get; private set; } = null!;
    public SandboxVersions Versions { get; private set; } = null!;
    public SandboxQueries Queries { get; private set; } = null!;
    public SandboxAggregations Aggregations { get; private set; } = null!;
    public SandboxDownloads Downloads { get; private set; } = null!;
    public GrantLogins Logins { get; private set; } = null!;
    public InMemoryParquetExport Export { get; } = new();
    public NpgsqlDataSource DataSource => database.DataSource;
    public SandboxDatabase SandboxDatabase { get; private set; } = null!;
    public string RowGrantId { get; } = Guid.NewGuid().ToString();
    public string AggregateGrantId { get; } = Guid.NewGuid().ToString();
    public Caller Caller { get; } = new(Developer, "org-dev", [DataPort.Domain.Common.Roles.Developer]);

    public static readonly SandboxColumn[] PeopleColumns =
    [
        new("id", SandboxColumnType.BigInt), new("district", SandboxColumnType.Text), new("age", SandboxColumnType.Integer),
        new("income", SandboxColumnType.Decimal), new("name", SandboxColumnType.Text), new("born", SandboxColumnType.Date),
    ];

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Options = new SandboxOptions
        {
            // With auto-prepare on, as an operator might configure the platform's connection: the sandbox must not inherit it.
            ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 20 }.ConnectionString,
            LoginSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            StatementTimeout = TimeSpan.FromSeconds(2),
            RowCap = 50,
        };
        Assert.Empty(Options.Validate());
        Logins = new GrantLogins(Options);
        Grants = new InMemoryGrantGateway(Clock, DataSource, Developer);
        // One database for platform and sandbox, so tests read both through one data source (the server's own
        // sandbox database, separate and locked down, is exercised by the journeys).
        SandboxDatabase = new SandboxDatabase(database.ConnectionString, database.ConnectionString, NullLogger<SandboxDatabase>.Instance);
        Versions = new SandboxVersions(SandboxDatabase);
        Roles = new SandboxRoles(SandboxDatabase, Options, Logins, Clock, NullLogger<SandboxRoles>.Instance);
        Loader = new SandboxLoader(SandboxDatabase, NullLogger<SandboxLoader>.Instance);
        var guard = new SandboxGuard(Grants, Roles, Clock);
        Queries = new SandboxQueries(guard, Versions, Logins, Options, new CheckedQueries());
        Aggregations = new SandboxAggregations(guard, Versions, Logins, Options);
        Downloads = new SandboxDownloads(guard, Versions, Logins, Options, Export);

        await Loader.LoadAsync(new LoadRequest("people", 1, "sha256:people-v1", new InMemoryRowSource(PeopleColumns, People(1))));
        await Loader.LoadAsync(new LoadRequest("people", 2, "sha256:people-v2", new InMemoryRowSource(PeopleColumns, People(2))));
        await Loader.LoadAsync(new LoadRequest("places", 1, "sha256:places-v1", new InMemoryRowSource(
            [new SandboxColumn("code", SandboxColumnType.Text), new SandboxColumn("label", SandboxColumnType.Text)],
            [["XM01", "Siming"], ["XM02", "Huli"]])));

        Grants.Put(RowGrant());
        Grants.Put(
            RowGrant() with { GrantId = AggregateGrantId, Datasets = [new GrantedDataset("people", new HashSet<string> { "district", "age", "income" })] },
            FakeTerms.For(Developer) with { AggregateOnly = true });
    }

    public SandboxGrant RowGrant() => new(
        RowGrantId, SandboxGrantStatus.Active, Clock.Now.AddDays(30), MinimumGroupSize: K,
        [new GrantedDataset("people", new HashSet<string> { "id", "district", "age" }, new HashSet<int> { 1 })]);

    /// <summary>Issues a fresh grant like the row-level one (held by <see cref="Developer"/>), for tests that change it.</summary>
    public SandboxGrant IssueGrant(Func<SandboxGrant, SandboxGrant>? change = null, Func<FakeTerms, FakeTerms>? terms = null)
    {
        var grant = RowGrant() with { GrantId = Guid.NewGuid().ToString() };
        grant = change?.Invoke(grant) ?? grant;
        var defaults = FakeTerms.For(Developer);
        Grants.Put(grant, terms?.Invoke(defaults) ?? defaults);
        return Grants.FindAsync(grant.GrantId).Result!;
    }

    /// <summary>
    /// 20 people: districts A (10), B (7), C (2) and D (1), so with k = 3 groups C and D must be suppressed.
    /// Every name carries <see cref="SecretMarker"/> so a leak is easy to spot in any response.
    /// </summary>
    public static IEnumerable<object?[]> People(int version)
    {
        string[] districts = [.. Enumerable.Repeat("A", 10), .. Enumerable.Repeat("B", 7), "C", "C", "D"];
        for (var i = 0; i < districts.Length; i++)
        {
            yield return [(long)(i + 1), districts[i], 20 + i + version, 1000m + i * 10, $"{SecretMarker}{i}", new DateOnly(1990, 1, 1).AddDays(i)];
        }
    }

    /// <summary>Runs SQL as <paramref name="grantId"/> and returns the JSON result document.</summary>
    public async Task<JsonElement> QueryAsync(string sql, string? grantId = null, Caller? caller = null)
    {
        using var output = new MemoryStream();
        await using (var writer = new JsonResultWriter(output))
        {
            await Queries.RunAsync(grantId ?? RowGrantId, caller ?? Caller, sql, writer);
        }
        return JsonDocument.Parse(output.ToArray()).RootElement.Clone();
    }

    public Task<bool> RoleExistsAsync(string role) => ClusterRoles.ExistsAsync(DataSource, role);

    public async Task DisposeAsync()
    {
        await ClusterRoles.DropAllGrantRolesAsync(DataSource, Roles);
        await SandboxDatabase.DisposeAsync();
        await database.DisposeAsync();
    }
}

/// <summary>Collects what a download would write, so tests can see exactly which columns and rows left.</summary>
public sealed class InMemoryParquetExport : IParquetExport
{
    public List<(IReadOnlyList<SandboxColumn> Columns, List<object?[]> Rows)> Written { get; } = [];

    public async Task WriteAsync(Stream output, IReadOnlyList<SandboxColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var collected = new List<object?[]>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            collected.Add(row);
        }
        Written.Add((columns, collected));
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxWithData>
{
    public const string Name = "sandbox with data";
}
