using System.Globalization;
using System.Net;
using Hangfire;
using Hangfire.Dashboard;

namespace DataPort.Jobs;

/// <summary>Shows a run's progress (stage, rows, done of total) at the top of its page in Hangfire's dashboard.</summary>
internal static class ProgressOnTheDashboard
{
    private static int registered;

    /// <summary>Hangfire keeps renderers in a static list; a process with several hosts (tests) adds this one once.</summary>
    public static void Register(IGlobalConfiguration hangfire)
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            hangfire.UseJobDetailsRenderer(10, Render);
        }
    }

    private static NonEscapedString Render(JobDetailsRendererDto page)
    {
        if (RunReader.Progress(page.JobDetails.Properties) is not { } progress)
        {
            return new NonEscapedString("");
        }
        var percent = progress.Total == 0 ? 100 : (int)Math.Clamp(progress.Done * 100 / progress.Total, 0, 100);
        // The dashboard follows the request's culture (Chinese by default, as the catalog).
        var chinese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
        var text = string.Format(CultureInfo.InvariantCulture, "{0}{1:N0} / {2:N0} ({3}%){4}",
            progress.Stage is null ? "" : progress.Stage + " · ", progress.Done, progress.Total, percent,
            progress.Items is { } items ? string.Format(CultureInfo.InvariantCulture, chinese ? " · {0:N0} 行" : " · {0:N0} rows", items) : "");
        var label = chinese ? "进度" : "Progress";
        return new NonEscapedString(
            $"<div class=\"alert alert-info\" role=\"status\"><strong>{label}</strong> {WebUtility.HtmlEncode(text)} " +
            $"<progress max=\"100\" value=\"{percent}\" aria-label=\"{label}\"></progress></div>");
    }
}
