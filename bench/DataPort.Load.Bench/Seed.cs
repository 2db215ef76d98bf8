namespace DataPort.Bench.Load;

/// <summary>
/// The bench's data (<see cref="SandboxSeed"/>), made by a short-lived silo of the bench's own, which leaves the
/// cluster before the servers start.
/// </summary>
public static class Seed
{
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, string loginSecret, int grants)
    {
        using var host = await SandboxSeed.StartHostAsync(connectionString, loginSecret);
        var grantIds = await SandboxSeed.PeopleWithGrantsAsync(host.Services, grants);
        await host.StopAsync();
        return grantIds;
    }
}
