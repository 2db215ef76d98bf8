namespace DataPort.Journeys.Tests;

/// <summary>Waits, as a user would, for something the platform does in the background (a job, a projection, the sealer).</summary>
internal static class Poll
{
    /// <summary>Reads until <paramref name="done"/> holds, or fails after <paramref name="seconds"/> saying what was awaited.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string awaited, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {awaited}; last seen: {System.Text.Json.JsonSerializer.Serialize(value)}");
            }
            await Task.Delay(150);
        }
    }
}
