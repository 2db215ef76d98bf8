using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// Benchmark harness (not a test): the same CSV converted by `dataport parquet write` (Release) and by DuckDB.
// usage: dotnet run -c Release --project bench/DataPort.Parquet.Bench -- [--rows N] [--codec snappy] [--dataport PATH]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var rows = ArgValue("--rows", 1_000_000);
var codec = ArgText("--codec", "snappy");
var repository = FindRepository();
var dataport = ArgText("--dataport", Path.Combine(repository, "src", "DataPort.Cli", "bin", "Release", "net10.0", "dataport"));
var interop = Path.Combine(repository, "tests", "interop");
var work = Directory.CreateTempSubdirectory("dataport-parquet-bench-").FullName;
var csv = Path.Combine(work, "input.csv");

if (!File.Exists(dataport))
{
    Console.Error.WriteLine($"{dataport} not found: run `dotnet build -c Release src/DataPort.Cli` first (or pass --dataport)");
    return 1;
}
if (!Directory.Exists(Path.Combine(interop, "node_modules")))
{
    Console.Error.WriteLine("DuckDB is not installed: run `npm ci` in tests/interop");
    return 1;
}

Generate(csv, rows);
var csvBytes = new FileInfo(csv).Length;
Console.WriteLine($"CSV: {rows:N0} rows, {csvBytes / 1e6:F1} MB at {csv}");

var ours = Path.Combine(work, "dataport.parquet");
var (oursSeconds, oursRssKb) = RunTimed("/usr/bin/time", ["-v", dataport, "parquet", "write", csv, "--out", ours, "--codec", codec]);
var duck = Path.Combine(work, "duckdb.parquet");
var duckJson = Run("node", [Path.Combine(AppContext.BaseDirectory, "duckdb-convert.mjs"), interop, csv, duck, codec]);
var duckSeconds = JsonDocument.Parse(duckJson).RootElement.GetProperty("seconds").GetDouble();

var oursSize = new FileInfo(ours).Length;
var duckSize = new FileInfo(duck).Length;
Console.WriteLine($"codec: {codec}");
Console.WriteLine($"DataPort: {oursSeconds:F2} s ({rows / oursSeconds:N0} rows/s, {csvBytes / 1e6 / oursSeconds:F1} MB/s), {oursSize:N0} bytes, peak RSS {oursRssKb / 1024.0:F0} MB (whole process, both passes)");
Console.WriteLine($"DuckDB:   {duckSeconds:F2} s ({rows / duckSeconds:N0} rows/s, {csvBytes / 1e6 / duckSeconds:F1} MB/s), {duckSize:N0} bytes (threads=1, COPY statement only)");
Console.WriteLine($"throughput DataPort/DuckDB: {duckSeconds / oursSeconds:F2}x; size DataPort/DuckDB: {(double)oursSize / duckSize:F3}");
Console.WriteLine($"targets: throughput >= DuckDB {(oursSeconds <= duckSeconds ? "MET" : "NOT MET")}; size within 10% {(Math.Abs((double)oursSize / duckSize - 1) <= 0.10 ? "MET" : "NOT MET")}; peak memory < 200 MB {(oursRssKb < 200 * 1024 ? "MET" : "NOT MET")}");
Directory.Delete(work, recursive: true);
return 0;

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

static (double Seconds, long MaxRssKb) RunTimed(string file, string[] arguments)
{
    var watch = Stopwatch.StartNew();
    var error = Run(file, arguments, captureError: true);
    var seconds = watch.Elapsed.TotalSeconds;
    var match = Regex.Match(error, @"Maximum resident set size \(kbytes\): (\d+)");
    return (seconds, match.Success ? long.Parse(match.Groups[1].Value) : -1);
}

static string Run(string file, string[] arguments, bool captureError = false)
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
    return captureError ? error.Result : output.Result;
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
