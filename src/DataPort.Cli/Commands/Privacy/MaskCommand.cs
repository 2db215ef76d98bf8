using System.CommandLine;
using DataPort.Privacy.Pipeline;
using Spectre.Console;

namespace DataPort.Cli.Commands.Privacy;

/// <summary><c>dataport mask FILE.csv --out OUT.parquet [--policy POLICY.yaml] [--report REPORT.json]</c>.</summary>
public static class MaskCommand
{
    public static Command Create()
    {
        var file = PrivacyOptions.CsvFile();
        var output = new Option<FileInfo>("--out") { Description = "The masked Parquet file to write", Required = true };
        var policy = PrivacyOptions.Policy();
        var report = new Option<FileInfo?>("--report") { Description = "Also write the run's report as JSON here" };
        var encoding = CsvInput.EncodingOption();
        var command = new Command("mask", "Classify, mask, check re-identification risk and write masked Parquet (脱敏)")
        {
            file, output, policy, report, encoding,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var input = await CsvInput.OpenAsync(parseResult.GetValue(file)!, parseResult.GetValue(encoding), cancellationToken);
            var error = parseResult.InvocationConfiguration.Error;
            var request = new PipelineRequest(
                input.Path,
                parseResult.GetValue(output)!.FullName,
                PrivacyOptions.LoadPolicy(parseResult.GetValue(policy)),
                PrivacyOptions.DatasetSecret(error))
            {
                ReportPath = parseResult.GetValue(report)?.FullName,
            };
            PipelineReport result;
            try
            {
                result = await RunWithProgressAsync(request, error, cancellationToken);
            }
            catch (Exception e) when (PrivacyOptions.IsUserError(e))
            {
                throw PrivacyOptions.ToCliError(e);
            }
            var risk = result.Risk;
            var levels = risk.Levels.Count == 0
                ? ""
                : $", levels {string.Join(" ", risk.Levels.Select(l => $"{l.Column}={l.Level}"))}, information loss {risk.Loss:0.000}";
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"wrote {result.Output.Rows} rows × {result.Output.Columns} columns to {request.OutputPath}" +
                $" (k={risk.KAchieved?.ToString() ?? "n/a"}, {risk.RowsSuppressed} row(s) suppressed{levels}, policy {result.Policy.Name})");
            return ExitCodes.Ok;
        });
        return command;
    }

    // A progress bar only when a person is watching stderr; pipes and CI logs get the summary line alone.
    private static async Task<PipelineReport> RunWithProgressAsync(PipelineRequest request, TextWriter error, CancellationToken cancellationToken)
    {
        if (Console.IsErrorRedirected || error != Console.Error)
        {
            return await PrivacyPipeline.RunAsync(request, null, cancellationToken);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress<PipelineProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Phase, out var task))
                    {
                        task = tasks[p.Phase] = context.AddTask(p.Phase, maxValue: Math.Max(1, p.TotalBytes));
                    }
                    task.Description = $"{p.Phase} {p.Rows:N0} rows";
                    task.Value = p.BytesRead;
                });
                return await PrivacyPipeline.RunAsync(request, progress, cancellationToken);
            });
    }

    /// <summary>Reports on the pipeline's thread: Progress&lt;T&gt; would queue updates to the thread pool out of order.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
