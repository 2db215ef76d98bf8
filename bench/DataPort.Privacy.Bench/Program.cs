using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

// Usage:
//   generate ROWS FILE.csv      write a synthetic CSV (names, ids, phones, addresses, plates, dates, e-mails, order numbers, amounts, remarks)
//   mask FILE.csv OUT.parquet   classify + mask + k-anonymity + write Parquet with the default policy; prints the figures
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
switch (args)
{
    case ["generate", var rows, var path]:
        {
            var watch = Stopwatch.StartNew();
            SyntheticCsv.Write(path, int.Parse(rows, CultureInfo.InvariantCulture), seed: 2026);
            Console.WriteLine($"generated {rows} rows, {new FileInfo(path).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
    case ["mask", var input, var output]:
        {
            var watch = Stopwatch.StartNew();
            var request = new PipelineRequest(input, output, PolicyLoader.LoadDefault(), Encoding.UTF8.GetBytes("benchmark dataset secret 32 byte"));
            var report = await PrivacyPipeline.RunAsync(request);
            var seconds = watch.Elapsed.TotalSeconds;
            var megabytes = report.Input.Bytes / 1e6;
            Console.WriteLine($"dataport: {report.Input.Rows} rows, {megabytes:F1} MB in {seconds:F2} s = {report.Input.Rows / seconds:N0} rows/s, {megabytes / seconds:F1} MB/s");
            Console.WriteLine($"  output {new FileInfo(output).Length / 1e6:F1} MB, k={report.Risk.KAchieved}, suppressed {report.Risk.RowsSuppressed}, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
            foreach (var c in report.Columns)
            {
                Console.WriteLine($"  {c.Name,-6} {c.Entity ?? "-",-20} {c.Confidence:0.00} {c.Grade,-9} {c.Operator}");
            }
            return 0;
        }
    case ["profile", var input]:
        {
            // Where the time goes: parsing alone, then each column's masker over the same rows.
            var policy = PolicyLoader.LoadDefault();
            var watch = new CpuWatch();
            var rows = new List<string[]>();
            using (var source = CsvSources.Open(input))
            {
                while (rows.Count < 200_000 && source.Read())
                {
                    rows.Add(source.GetStrings());
                }
            }
            Console.WriteLine($"parse + decode {rows.Count} rows: {watch.ElapsedMilliseconds} ms");
            watch.Restart();
            using (var source = CsvSources.Open(input))
            {
                var n = 0;
                while (n++ < 200_000 && source.Read())
                {
                }
            }
            Console.WriteLine($"parse only: {watch.ElapsedMilliseconds} ms");
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            watch.Restart();
            var decisions = ColumnClassification.Classify(input, policy, today);
            Console.WriteLine($"classify: {watch.ElapsedMilliseconds} ms");
            for (var c = 0; c < decisions.Count; c++)
            {
                var spec = policy.OperatorOf(decisions[c].Name, decisions[c].Entity);
                if (spec.Kind == OperatorKind.Suppress)
                {
                    continue;
                }
                var masker = DataPort.Privacy.Masking.Maskers.Create(spec, Encoding.UTF8.GetBytes("benchmark dataset secret 32 byte"), today);
                watch.Restart();
                foreach (var row in rows)
                {
                    masker.Mask(row[c]);
                }
                Console.WriteLine($"  {decisions[c].Name}: {spec.Describe()} {watch.ElapsedMilliseconds} ms");
            }
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: generate ROWS FILE.csv | mask FILE.csv OUT.parquet");
        return 2;
}

/// <summary>CPU time of this process: on a shared machine wall-clock time measures the neighbours.</summary>
internal sealed class CpuWatch
{
    private TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

    public long ElapsedMilliseconds => (long)(Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMilliseconds;

    public void Restart() => _start = Process.GetCurrentProcess().TotalProcessorTime;
}
