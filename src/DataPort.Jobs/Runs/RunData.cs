using Quartz;

namespace DataPort.Jobs;

/// <summary>The job-data keys DataPort puts on triggers and firings, and the run's arguments around them.</summary>
internal static class RunData
{
    /// <summary>The run a trigger or firing belongs to (a GUID as a string, so the stored map stays plain strings).</summary>
    public const string RunIdKey = "dataport.runId";

    public static Guid? RunId(JobDataMap map) =>
        map.TryGetValue(RunIdKey, out var value) && Guid.TryParse(value as string, out var id) ? id : null;

    /// <summary>The arguments a job reads: string entries that are neither Quartz's (QRTZ_…) nor ours.</summary>
    public static Dictionary<string, string> Arguments(JobDataMap map)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (value is string text
                && !key.StartsWith("QRTZ_", StringComparison.Ordinal)
                && !key.StartsWith("dataport.", StringComparison.Ordinal))
            {
                arguments[key] = text;
            }
        }
        return arguments;
    }

    public static JobDataMap ToMap(Guid runId, IReadOnlyDictionary<string, string> arguments)
    {
        var map = new JobDataMap();
        foreach (var (key, value) in arguments)
        {
            map[key] = value;
        }
        map[RunIdKey] = runId.ToString();
        return map;
    }
}
