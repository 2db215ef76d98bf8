using System.Text.Json.Serialization;

namespace DataPort.Jobs;

/// <summary>Hangfire's job states, in lower case as the API writes them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobRunState>))]
public enum JobRunState
{
    /// <summary>Waiting in its queue for a free worker (a new run, a retry, or one handed back at shutdown).</summary>
    [JsonStringEnumMemberName("enqueued")]
    Enqueued,
    /// <summary>Running on a node.</summary>
    [JsonStringEnumMemberName("processing")]
    Processing,
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,
    /// <summary>Failed on its last attempt, or at once for bad input; an operator may retry or delete it.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
    /// <summary>Due later: an automatic retry waiting out its delay, or a run being recorded by its caller.</summary>
    [JsonStringEnumMemberName("scheduled")]
    Scheduled,
    /// <summary>Deleted by an operator (or its caller) before it finished.</summary>
    [JsonStringEnumMemberName("deleted")]
    Deleted,
    /// <summary>Waiting for another job (Hangfire continuations; DataPort makes none today).</summary>
    [JsonStringEnumMemberName("awaiting")]
    Awaiting,
}

public static class JobRunStates
{
    public static string ToStorage(this JobRunState state) => state.ToString().ToLowerInvariant();

    /// <summary>Hangfire's state name ("Enqueued", "Processing" …) as a <see cref="JobRunState"/>.</summary>
    public static JobRunState FromHangfire(string stateName) => Enum.Parse<JobRunState>(stateName, ignoreCase: true);

    /// <summary>The Hangfire state name of <paramref name="state"/>.</summary>
    public static string ToHangfire(this JobRunState state) => state.ToString();

    public static bool TryParse(string? value, out JobRunState state) =>
        Enum.TryParse(value, ignoreCase: true, out state) && Enum.IsDefined(state);
}
