using DataPort.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataPort.Server.Tests;

/// <summary>The whole server in memory, on a database of its own (or on any connection string given).</summary>
public class DataPortApi(string? connectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:DataPort", connectionString ?? "");
    }
}

/// <summary>Fixture: the API on a freshly migrated database.</summary>
public sealed class ApiWithDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public DataPortApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Api = new DataPortApi(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }
}
