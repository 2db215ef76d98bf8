using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using DataPort.Privacy.Masking;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;

/// <summary>
/// Where the time goes, stage by stage, in CPU time per million rows: a sampling profiler attributes time to
/// safe points (P/Invokes, GC polls) and misleads on code this tight, a CPU clock around each stage does not.
/// Stages are run once before they are timed, so the figures are for optimised code.
/// </summary>
internal static class Profile
{
    private const int Rows = 200_000;

    public static void Run(string input)
    {
        var policy = PolicyLoader.LoadDefault();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var secret = "benchmark dataset secret 32 byte"u8.ToArray();

        Time("classify (sample)", 1, () => ColumnClassification.Classify(input, policy, today));
        var decisions = ColumnClassification.Classify(input, policy, today);

        // The first rows' fields as UTF-8, so each masker can be timed alone.
        var columns = decisions.Select(_ => new List<byte[]>(Rows)).ToArray();
        long parsedBytes = 0;
        using (var source = CsvSources.Open(input))
        {
            while (columns[0].Count < Rows && source.Read())
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c].Add(source.GetUtf8(c).ToArray());
                }
            }
            parsedBytes = source.BytesRead;
        }
        var scale = 1_000_000.0 / columns[0].Count;

        Time("parse + validate UTF-8", scale, () =>
        {
            using var source = CsvSources.Open(input);
            for (var n = 0; n < Rows && source.Read(); n++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    source.GetUtf8(c);
                }
            }
        });
        Time("sha-256 of the input", scale, () =>
        {
            using var stream = File.OpenRead(input);
            var buffer = new byte[1 << 16];
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long read = 0;
            while (read < parsedBytes && stream.Read(buffer) is var n and > 0)
            {
                hash.AppendData(buffer.AsSpan(0, n));
                read += n;
            }
        });
        var mac = new HmacSm3(secret);
        var message = "user123456789@example.com"u8.ToArray();
        var digest = new byte[32];
        Time("hmac-sm3 of a 25-byte value", 1, () =>
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                message[4] = (byte)i;
                mac.Compute(message, digest);
            }
        });
        var output = new ArrayBufferWriter<byte>(1 << 16);
        var masked = new List<byte[]?[]>();
        for (var c = 0; c < decisions.Count; c++)
        {
            var plan = ColumnPlan.Create(c, decisions[c], policy, secret, today);
            if (!plan.Released || plan.PassThrough)
            {
                continue;
            }
            var values = columns[c];
            Time($"{plan.Decision.Name} (copy only, the loop's own cost)", scale, () =>
            {
                foreach (var value in values)
                {
                    output.ResetWrittenCount();
                    output.Write(value);
                }
            });
            Time($"{plan.Decision.Name} {plan.Operator.Describe()}", scale, () =>
            {
                foreach (var value in values)
                {
                    output.ResetWrittenCount();
                    plan.Apply(value, output);
                }
            });
            masked.Add([.. values.Select(v =>
            {
                output.ResetWrittenCount();
                return plan.Apply(v, output) ? output.WrittenSpan.ToArray() : null;
            })]);
        }
        var path = Path.GetTempFileName();
        Time("parquet writer (masked values)", scale, () =>
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
            using var writer = ParquetTableWriter.Create(stream, [.. masked.Select((_, i) => $"c{i}")]);
            for (var r = 0; r < masked[0].Length; r++)
            {
                for (var c = 0; c < masked.Count; c++)
                {
                    if (masked[c][r] is { } value)
                    {
                        writer.WriteUtf8(c, value);
                    }
                    else
                    {
                        writer.WriteNull(c);
                    }
                }
                writer.EndRow();
            }
            writer.Complete(new Dictionary<string, string> { [MetadataKeys.Report] = "", [MetadataKeys.MaskingPolicy] = "", [MetadataKeys.ContentHash] = "", [MetadataKeys.SourceHash] = "" });
        });
        File.Delete(path);
    }

    private static void Time(string stage, double scale, Action action)
    {
        // Once to let tiered compilation reach optimised code, then timed.
        action();
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        Console.WriteLine($"{stage,-40} {(process.TotalProcessorTime - before).TotalMilliseconds * scale,8:F0} ms CPU per million rows");
    }
}
