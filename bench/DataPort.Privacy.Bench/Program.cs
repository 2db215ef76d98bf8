using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

// Usage:
//   generate ROWS FILE.csv [--wide]
//                                 write a synthetic CSV (names, ids, phones, addresses, plates, dates, e-mails, order numbers, amounts, remarks);
//                                 --wide: 22 columns, adding precise locations, sex, landlines, bank cards, IP addresses and a second free text
//   mask FILE.csv OUT.parquet [POLICY.yaml]
//                                 classify + mask + k-anonymity + write Parquet (default policy unless given); prints the figures
//   compare FILE.csv OUTDIR       mask, then the same job in DuckDB (duckdb-mask.mjs, SET threads=1); prints both side by side
//                                 (on the wide table DuckDB also drops rows of classes below k at DataPort's levels, and runs once more without that step)
//   profile FILE.csv              CPU time of each stage on its own (parsing, hashing, each column's masker), per million rows
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
switch (args)
{
    case ["generate", var rows, var path, .. var shape] when shape is [] or ["--wide"]:
        {
            var watch = Stopwatch.StartNew();
            if (shape is ["--wide"])
            {
                SyntheticWideCsv.Write(path, int.Parse(rows, CultureInfo.InvariantCulture), seed: 2026);
            }
            else
            {
                SyntheticCsv.Write(path, int.Parse(rows, CultureInfo.InvariantCulture), seed: 2026);
            }
            Console.WriteLine($"generated {rows} rows, {new FileInfo(path).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
    case ["mask", var input, var output, .. var rest] when rest.Length <= 1:
        {
            var figures = await Bench.DataPort(input, output, rest.Length == 1 ? PolicyLoader.LoadFile(rest[0]) : PolicyLoader.LoadDefault());
            Console.WriteLine(figures.Line());
            return 0;
        }
    case ["compare", var input, var outputs]:
        {
            Directory.CreateDirectory(outputs);
            var dataport = await Bench.DataPort(input, Path.Combine(outputs, "dataport.parquet"), PolicyLoader.LoadDefault());
            var duckdb = Bench.DuckDb(input, Path.Combine(outputs, "duckdb.parquet"));
            // On the wide table DuckDB's run includes the k step (a window count); its masking alone is measured too.
            var maskingOnly = File.ReadLines(input).First().Contains("位置", StringComparison.Ordinal)
                ? Bench.DuckDb(input, Path.Combine(outputs, "duckdb-masking-only.parquet"), "--masking-only")
                : null;
            Console.WriteLine();
            Console.WriteLine(dataport.Line());
            Console.WriteLine(duckdb.Line());
            if (maskingOnly is not null)
            {
                Console.WriteLine(maskingOnly.Line());
            }
            Console.WriteLine($"dataport / duckdb: {dataport.RowsPerSecond / duckdb.RowsPerSecond:F2}x rows/s (wall), {duckdb.CpuSeconds / dataport.CpuSeconds:F2}x CPU efficiency");
            return 0;
        }
    case ["profile", var input]:
        Profile.Run(input);
        return 0;
    default:
        Console.Error.WriteLine("usage: generate ROWS FILE.csv | mask FILE.csv OUT.parquet [POLICY.yaml] | compare FILE.csv OUTDIR | profile FILE.csv");
        return 2;
}

/// <summary>
/// One tool's run. Wall time is what the issue's target compares; CPU time (user + sys, all threads) is what a
/// shared machine cannot inflate, and shows whether extra threads were bought with extra work.
/// </summary>
internal sealed record Figures(string Tool, long Rows, double WallSeconds, double UserSeconds, double SysSeconds, double PeakRssMegabytes, string Threads)
{
    public double CpuSeconds => UserSeconds + SysSeconds;

    public double RowsPerSecond => Rows / WallSeconds;

    public string Line() =>
        $"{Tool,-22} {Rows:N0} rows  wall {WallSeconds:F2} s = {RowsPerSecond,9:N0} rows/s  CPU {CpuSeconds:F2} s (user {UserSeconds:F2} + sys {SysSeconds:F2}) = {Rows / CpuSeconds,9:N0} rows/CPU-s  peak RSS {PeakRssMegabytes:F0} MB  {Threads}";
}

internal static class Bench
{
    public static async Task<Figures> DataPort(string input, string output, MaskingPolicy policy)
    {
        var process = Process.GetCurrentProcess();
        var user = process.UserProcessorTime;
        var sys = process.PrivilegedProcessorTime;
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var request = new PipelineRequest(input, output, policy, Encoding.UTF8.GetBytes("benchmark dataset secret 32 byte"))
        {
            MaskingWorkers = int.TryParse(Environment.GetEnvironmentVariable("DATAPORT_MASKING_WORKERS"), out var workers) ? workers : null,
        };
        var phases = new PhaseClock(watch);
        var report = await PrivacyPipeline.RunAsync(request, phases);
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var figures = new Figures("dataport", report.Input.Rows, wall,
            (process.UserProcessorTime - user).TotalSeconds, (process.PrivilegedProcessorTime - sys).TotalSeconds,
            process.PeakWorkingSet64 / 1e6, $"{ThreadsThatRan(process)} threads used >0.1 s CPU (pipeline, start-up, JIT)");
        Console.WriteLine($"dataport: {report.Input.Bytes / 1e6:F1} MB in, {new FileInfo(output).Length / 1e6:F1} MB out, k={report.Risk.KAchieved}, suppressed {report.Risk.RowsSuppressed}, content sha256 {report.Output.ContentHash}");
        Console.WriteLine($"  GC: {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3} (gen0/1/2), {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated, pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s");
        Console.WriteLine($"  phases: {phases}; search weighed {report.Risk.CombinationsEvaluated} of {report.Risk.LatticeSize} combinations");
        Console.WriteLine($"  release: levels {string.Join(", ", report.Risk.Levels.Select(l => $"{l.Column}={l.Level}"))}; k={report.Risk.KAchieved}, ℓ={report.Risk.LAchieved?.ToString(CultureInfo.InvariantCulture) ?? "-"}, loss {report.Risk.Loss:F4}, {report.Output.Rows:N0} of {report.Input.Rows:N0} rows kept");
        foreach (var c in report.Columns)
        {
            Console.WriteLine($"  {c.Name,-6} {c.Entity ?? "-",-20} {c.Confidence:0.00} {c.Grade,-9} {c.Operator}");
        }
        return figures;
    }

    /// <summary>When each phase of the run began, from the pipeline's progress reports (reported on its own thread).</summary>
    private sealed class PhaseClock(Stopwatch watch) : IProgress<PipelineProgress>
    {
        private readonly List<(string Phase, double At, long Rss, string Heap)> _starts = [];

        public void Report(PipelineProgress value)
        {
            lock (_starts)
            {
                if (_starts.Count == 0 || _starts[^1].Phase != value.Phase)
                {
                    _starts.Add((value.Phase, watch.Elapsed.TotalSeconds, Environment.WorkingSet, $"heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:F0} MB allocated {GC.GetTotalAllocatedBytes() / 1e6:F0} MB"));
                }
            }
        }

        public override string ToString()
        {
            lock (_starts)
            {
                var end = watch.Elapsed.TotalSeconds;
                return string.Join(", ", _starts.Select((s, i) => $"{s.Phase} {(i + 1 < _starts.Count ? _starts[i + 1].At : end) - s.At:F2} s (at start RSS {s.Rss / 1e6:F0} MB, {s.Heap})"));
            }
        }
    }

    // Threads that used more than a tenth of a second of CPU: the pipeline's own, not the runtime's idle ones.
    private static int ThreadsThatRan(Process process) =>
        process.Threads.Cast<ProcessThread>().Count(t =>
        {
            try
            {
                return t.TotalProcessorTime.TotalSeconds > 0.1;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        });

    /// <summary>Runs duckdb-mask.mjs under node; the script reports its own CPU time and peak RSS as JSON on its last line.</summary>
    public static Figures DuckDb(string input, string output, string? mode = null)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("node", mode is null ? [script, input, output] : [script, input, output, mode]) { RedirectStandardOutput = true };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var lines = new List<string>();
        while (node.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            Console.WriteLine(line);
        }
        node.WaitForExit();
        if (node.ExitCode != 0 || lines.Count == 0)
        {
            throw new InvalidOperationException($"duckdb-mask.mjs failed with exit code {node.ExitCode}");
        }
        using var json = System.Text.Json.JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        return new Figures(mode is null ? "duckdb" : "duckdb (masking only)", root.GetProperty("rows").GetInt64(), root.GetProperty("wall_s").GetDouble(),
            root.GetProperty("user_s").GetDouble(), root.GetProperty("sys_s").GetDouble(), root.GetProperty("max_rss_mb").GetDouble(), "SET threads=1");
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "duckdb-mask.mjs");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("duckdb-mask.mjs not found above " + AppContext.BaseDirectory);
    }
}
