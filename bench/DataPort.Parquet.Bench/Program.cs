using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPort.Tabular.Parquet;
using DataPort.Tabular.Csv;

// Benchmark harness (not a test): the same CSV converted by `dataport parquet write` (Release), optionally by an
// older dataport build (--before PATH: e.g. the hand-written Parquet writer at 9f0024c), by a plain Parquet.Net
// program, and by DuckDB (one thread), each run several times; the best run of each is reported, as whole
// processes (wall, user+sys CPU, peak RSS: /usr/bin/time) and as the conversion alone (DataPort:
// CsvToParquet.Convert timed inside a fresh process, with the writer's background flush thread as the command
// uses it and once without; DuckDB: the COPY statement timed inside node). Wall and CPU minima are taken
// independently over the runs.
// usage: dotnet run -c Release --project bench/DataPort.Parquet.Bench -- [--rows N] [--codec snappy] [--runs 3] [--dataport PATH] [--before PATH]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 5 && args[0] == "--convert-only")
{
    return ConvertOnly(args[1], args[2], args[3], backgroundFlush: args[4] == "two-threads");
}
if (args.Length == 4 && args[0] == "--parquet-net-only")
{
    return await ParquetNetAlone.ConvertAsync(args[1], args[2], args[3]);
}
var rows = ArgValue("--rows", 1_000_000);
var codec = ArgText("--codec", "snappy");
var runs = Math.Max(1, ArgValue("--runs", 3));
var repository = FindRepository();
var dataport = ArgText("--dataport", Path.Combine(repository, "src", "DataPort.Cli", "bin", "Release", "net10.0", "dataport"));
var before = ArgText("--before", "");
var interop = Path.Combine(repository, "tests", "interop");
var work = Directory.CreateTempSubdirectory("dataport-parquet-bench-").FullName;
var csv = Path.Combine(work, "input.csv");

if (!File.Exists(dataport))
{
    Console.Error.WriteLine($"{dataport} not found: run `dotnet build -c Release src/DataPort.Cli` first (or pass --dataport)");
    return 1;
}
if (before.Length > 0 && !File.Exists(before))
{
    Console.Error.WriteLine($"{before} not found: build the older dataport first (see bench/README.md)");
    return 1;
}
if (!Directory.Exists(Path.Combine(interop, "node_modules")))
{
    Console.Error.WriteLine("DuckDB is not installed: run `npm ci` in tests/interop");
    return 1;
}

Generate(csv, rows);
var csvBytes = new FileInfo(csv).Length;
Console.WriteLine($"CSV: {rows:N0} rows, {csvBytes / 1e6:F1} MB; codec {codec}; best of {runs} runs each (load average now {LoadAverage()})");

var ours = Path.Combine(work, "dataport.parquet");
var oursBefore = Path.Combine(work, "dataport-before.parquet");
var oursInProcess = Path.Combine(work, "dataport-inprocess.parquet");
var plain = Path.Combine(work, "parquet-net.parquet");
var duck = Path.Combine(work, "duckdb.parquet");
var self = Environment.ProcessPath!;
string[] selfPrefix = self.EndsWith("dotnet", StringComparison.Ordinal) ? [typeof(Program).Assembly.Location] : [];
Measure? oursWhole = null, beforeWhole = null, oursConvert = null, oursSingle = null, plainWhole = null, plainConvert = null, duckWhole = null, duckCopy = null;
for (var run = 0; run < runs; run++)
{
    // Alternate the tools so a burst of load from elsewhere hurts all alike.
    var (whole, _) = RunTimed(dataport, ["parquet", "write", csv, "--out", ours, "--codec", codec]);
    oursWhole = Best(oursWhole, whole);
    if (before.Length > 0)
    {
        beforeWhole = Best(beforeWhole, RunTimed(before, ["parquet", "write", csv, "--out", oursBefore, "--codec", codec]).Measure);
    }
    var (child, output) = RunTimed(self, [.. selfPrefix, "--convert-only", csv, oursInProcess, codec, "two-threads"]);
    oursConvert = Best(oursConvert, Parse(output, child.MaxRssKb));
    var (single, singleOutput) = RunTimed(self, [.. selfPrefix, "--convert-only", csv, oursInProcess, codec, "one-thread"]);
    oursSingle = Best(oursSingle, Parse(singleOutput, single.MaxRssKb));
    var (alone, aloneOutput) = RunTimed(self, [.. selfPrefix, "--parquet-net-only", csv, plain, codec]);
    plainWhole = Best(plainWhole, alone);
    plainConvert = Best(plainConvert, Parse(aloneOutput, alone.MaxRssKb));
    var (node, json) = RunTimed("node", [Path.Combine(AppContext.BaseDirectory, "duckdb-convert.mjs"), interop, csv, duck, codec]);
    duckWhole = Best(duckWhole, node);
    duckCopy = Best(duckCopy, Parse(json, node.MaxRssKb));
}

var oursSize = new FileInfo(ours).Length;
var duckSize = new FileInfo(duck).Length;
Console.WriteLine();
Console.WriteLine("                             wall s    CPU s (user+sys)   peak RSS MB   rows/s        file bytes");
if (beforeWhole is not null)
{
    Report("DataPort before, whole", beforeWhole, new FileInfo(oursBefore).Length);
}
Report("DataPort whole process", oursWhole!, oursSize);
Report("DataPort conversion", oursConvert!, oursSize);
Report("  same, no flush thread", oursSingle!, oursSize);
Report("Parquet.Net alone, whole", plainWhole!, new FileInfo(plain).Length);
Report("Parquet.Net alone, convert", plainConvert!, new FileInfo(plain).Length);
Report("DuckDB whole process", duckWhole!, duckSize);
Report("DuckDB COPY only", duckCopy!, duckSize);
Console.WriteLine();
Console.WriteLine($"throughput DataPort/DuckDB (wall): whole process {duckWhole!.Seconds / oursWhole!.Seconds:F2}x, conversion {duckCopy!.Seconds / oursConvert!.Seconds:F2}x, DataPort whole process vs DuckDB COPY {duckCopy.Seconds / oursWhole.Seconds:F2}x");
Console.WriteLine($"CPU DataPort/DuckDB: whole process {oursWhole.CpuSeconds / duckWhole.CpuSeconds:F2}, conversion {oursConvert.CpuSeconds / duckCopy.CpuSeconds:F2}");
Console.WriteLine($"size DataPort/DuckDB: {(double)oursSize / duckSize:F3}");
Console.WriteLine($"targets (#24): whole process no slower than DuckDB's {(oursWhole.Seconds <= duckWhole.Seconds ? "MET" : "NOT MET")}; "
    + $"file <= 1.2x DuckDB's {((double)oursSize / duckSize <= 1.2 ? "MET" : "NOT MET")}; peak RSS <= 150 MB {(oursWhole.MaxRssKb <= 150 * 1024 ? "MET" : "NOT MET")}");
Directory.Delete(work, recursive: true);
return 0;

void Report(string name, Measure m, long size) =>
    Console.WriteLine($"{name,-28} {m.Seconds,6:F3}    {m.CpuSeconds,6:F3}             {(m.MaxRssKb < 0 ? "-" : (m.MaxRssKb / 1024.0).ToString("F0")),5}         {rows / m.Seconds,10:N0}    {size,12:N0}");

static Measure Best(Measure? best, Measure next) => best is null ? next : new(
    Math.Min(best.Seconds, next.Seconds), Math.Min(best.CpuSeconds, next.CpuSeconds), Math.Min(best.MaxRssKb, next.MaxRssKb));

static Measure Parse(string json, long maxRssKb)
{
    var root = JsonDocument.Parse(json).RootElement;
    return new Measure(root.GetProperty("seconds").GetDouble(), root.GetProperty("cpuSeconds").GetDouble(), maxRssKb);
}

// The conversion the command runs, timed inside a fresh process (so JIT and start-up of the conversion code are included).
static int ConvertOnly(string csv, string output, string codec, bool backgroundFlush)
{
    var options = new ParquetWriterOptions
    {
        BackgroundFlush = backgroundFlush,
        Codec = codec switch { "none" => ParquetCodec.None, "gzip" => ParquetCodec.Gzip, "zstd" => ParquetCodec.Zstd, "lz4" => ParquetCodec.Lz4, _ => ParquetCodec.Snappy },
    };
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
    {
        CsvToParquet.Convert(csv, stream, options);
    }
    var seconds = watch.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.Write(JsonSerializer.Serialize(new { seconds, cpuSeconds }));
    return 0;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// Columns: int64 id, low-cardinality string, high-cardinality string, double, date, nullable string.
static void Generate(string path, int rows)
{
    var random = new Random(42);
    string[] categories = ["retail", "transport", "health", "education", "energy", "finance", "tourism", "port", "customs", "weather", "water", "housing"];
    string[] districts = ["思明区", "湖里区", "集美区", "海沧区", "同安区", "翔安区"];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.Write("id,category,account,amount,day,district\n");
    var start = new DateOnly(2020, 1, 1);
    Span<char> hex = stackalloc char[16];
    for (var i = 0; i < rows; i++)
    {
        var account = (ulong)random.NextInt64();
        account.TryFormat(hex, out _, "x16");
        writer.Write(i + 1);
        writer.Write(',');
        writer.Write(categories[random.Next(categories.Length)]);
        writer.Write(",acct-");
        writer.Write(hex);
        writer.Write(',');
        writer.Write((random.NextDouble() * 100_000).ToString("R"));
        writer.Write(',');
        writer.Write(start.AddDays(random.Next(2000)).ToString("yyyy-MM-dd"));
        writer.Write(',');
        if (random.Next(10) >= 3)
        {
            writer.Write(districts[random.Next(districts.Length)]);
            writer.Write(random.Next(100));
        }
        writer.Write('\n');
    }
}

static (Measure Measure, string Output) RunTimed(string file, string[] arguments)
{
    var watch = Stopwatch.StartNew();
    var (output, error) = Run("/usr/bin/time", ["-v", file, .. arguments]);
    var seconds = watch.Elapsed.TotalSeconds;
    var rss = Regex.Match(error, @"Maximum resident set size \(kbytes\): (\d+)");
    var user = Regex.Match(error, @"User time \(seconds\): ([\d.]+)");
    var system = Regex.Match(error, @"System time \(seconds\): ([\d.]+)");
    var cpu = user.Success && system.Success ? double.Parse(user.Groups[1].Value) + double.Parse(system.Groups[1].Value) : double.NaN;
    return (new Measure(seconds, cpu, rss.Success ? long.Parse(rss.Groups[1].Value) : -1), output);
}

static (string Output, string Error) Run(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error.Result}");
    }
    return (output.Result, error.Result);
}

static string FindRepository()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "DataPort.sln")))
        {
            return directory.FullName;
        }
    }
    throw new InvalidOperationException("DataPort.sln not found above " + AppContext.BaseDirectory);
}

int ArgValue(string name, int fallback) => int.TryParse(ArgText(name, ""), out var value) ? value : fallback;

string ArgText(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

/// <summary>One run (or the best of several): wall seconds, user+sys CPU seconds, peak RSS (-1 if unknown).</summary>
internal sealed record Measure(double Seconds, double CpuSeconds, long MaxRssKb);
