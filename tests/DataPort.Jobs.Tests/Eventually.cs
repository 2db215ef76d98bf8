namespace DataPort.Jobs.Tests;

/// <summary>Polls a condition that background work makes true, failing with a message after a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> read, Func<T, bool> until, string what, TimeSpan? within = null)
    {
        T? value = default;
        await TrueAsync(async () => (value = await read()) is { } v && until(v), what, within);
        return value!;
    }
}
