using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage.Monitoring;

namespace DataPort.Jobs;

/// <summary>Reads a run from what Hangfire's monitoring API says of a job: its state history, parameters and arguments.</summary>
internal static class RunReader
{
    private static readonly HashSet<string> FinalStates = [SucceededState.StateName, FailedState.StateName, DeletedState.StateName];

    /// <summary>A run from its details and <paramref name="state"/>, the job's current state from its own row.</summary>
    public static JobRun? Read(string id, JobDetailsDto? details, string? state)
    {
        // The state comes from the job's row because the history cannot say: a failure that was retried is recorded in
        // the same instant as the retry's Scheduled state, and the two may come back in either order.
        if (details?.History is not { Count: > 0 } history || state is null)
        {
            return null;
        }
        // Hangfire lists the history newest first.
        var current = history.FirstOrDefault(h => h.StateName == state) ?? history[0];
        var started = history.FirstOrDefault(h => h.StateName == ProcessingState.StateName);
        var finished = FinalStates.Contains(current.StateName) ? current : null;
        var failure = history.FirstOrDefault(h => h.StateName == FailedState.StateName);
        var startedAt = started is null ? (DateTimeOffset?)null : Utc(started.CreatedAt);
        var finishedAt = finished is null ? (DateTimeOffset?)null : Utc(finished.CreatedAt);
        return new JobRun(
            id,
            details.Job?.Type is { } type ? JobNames.Of(type) : "unknown",
            JobRunStates.FromHangfire(state),
            history.Count(h => h.StateName == ProcessingState.StateName),
            Utc(details.CreatedAt ?? history[^1].CreatedAt),
            current.StateName == ScheduledState.StateName && Data(current, "EnqueueAt") is { } due ? Utc(JobHelper.DeserializeDateTime(due)) : null,
            startedAt,
            finishedAt,
            startedAt is { } s && finishedAt is { } f && f >= s ? (long)(f - s).TotalMilliseconds : null,
            Progress(details.Properties),
            failure is null ? null : Data(failure, "ExceptionMessage"),
            started is null ? null : Data(started, "ServerId"),
            Arguments(details.Job));
    }

    /// <summary>The progress a running job stored as its <see cref="JobProgress.ParameterName"/> parameter.</summary>
    public static JobRunProgress? Progress(IDictionary<string, string>? properties) =>
        properties is not null && properties.TryGetValue(JobProgress.ParameterName, out var json) && !string.IsNullOrEmpty(json)
            ? SerializationHelper.Deserialize<JobRunProgress>(json, SerializationOption.User)
            : null;

    /// <summary>The job method's arguments by parameter name, leaving out what Hangfire supplies (context, cancellation).</summary>
    private static Dictionary<string, string> Arguments(Job? job)
    {
        if (job is null)
        {
            return new Dictionary<string, string>();
        }
        return job.Method.GetParameters()
            .Zip(job.Args, (parameter, value) => (parameter, value))
            .Where(p => p.parameter.ParameterType != typeof(PerformContext) && p.parameter.ParameterType != typeof(CancellationToken)
                && p.parameter.ParameterType != typeof(IJobCancellationToken))
            .ToDictionary(p => p.parameter.Name!, p => Convert.ToString(p.value, CultureInfo.InvariantCulture) ?? "");
    }

    private static string? Data(StateHistoryDto state, string key) => state.Data?.TryGetValue(key, out var value) == true ? value : null;

    /// <summary>Hangfire's times are UTC without saying so.</summary>
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
