using System.Text.Json.Serialization;

namespace DataPort.Jobs;

/// <summary>Hangfire's job states, in lower case as stored in <c>jobs.runs.state</c> and as the API writes them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobRunState>))]
public enum JobRunState
{
    /// <summary>Waiting for a free worker, now (a new run, a manual retry, or one handed back at shutdown).</summary>
    [JsonStringEnumMemberName("enqueued")]
    Enqueued,
    /// <summary>Running on a node.</summary>
    [JsonStringEnumMemberName("processing")]
    Processing,
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,
    /// <summary>Failed on its last attempt; an operator may retry it.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
    /// <summary>Due later: a delayed start or an automatic retry waiting out its backoff.</summary>
    [JsonStringEnumMemberName("scheduled")]
    Scheduled,
    /// <summary>Deleted by an operator before it ran.</summary>
    [JsonStringEnumMemberName("deleted")]
    Deleted,
}

public static class JobRunStates
{
    public static string ToStorage(this JobRunState state) => state.ToString().ToLowerInvariant();

    public static JobRunState FromStorage(string value) => Enum.Parse<JobRunState>(value, ignoreCase: true);

    public static bool TryParse(string? value, out JobRunState state) =>
        Enum.TryParse(value, ignoreCase: true, out state) && Enum.IsDefined(state);
}
