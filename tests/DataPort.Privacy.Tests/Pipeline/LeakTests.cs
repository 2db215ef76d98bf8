using System.Globalization;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Pipeline;

/// <summary>
/// The test the data port stands on: after masking, no raw value of any personal column of the input
/// (names, ids, phones, addresses, plates, e-mails, birth dates, the remarks and what they embed) appears
/// anywhere in the output, neither in the decoded values and metadata nor in the file's bytes.
/// </summary>
public sealed class LeakTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Given_synthetic_personal_data_When_masked_Then_no_raw_personal_value_appears_in_the_output()
    {
        var people = new List<SyntheticPerson>();
        var input = _folder.File("people.csv");
        await using (var writer = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            SyntheticCsv.Write(writer, 2000, seed: 42, people.Add);
        }
        var output = _folder.File("masked.parquet");

        var report = await PrivacyPipeline.RunAsync(new PipelineRequest(input, output, PolicyLoader.LoadDefault(), TestData.Secret));

        var personal = report.Columns.Where(c => c.Personal).Select(c => c.Name).ToHashSet();
        Assert.Equal(["姓名", "身份证号", "手机号", "住址", "车牌号", "出生日期", "邮箱", "备注"], SyntheticCsv.Header.Where(personal.Contains));

        var raw = people.SelectMany(p => new[]
        {
            p.Name, p.ResidentId, p.Mobile, p.Address, p.Plate, p.Email, p.Remark,
            p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).Distinct().ToList();

        var (_, rows, metadata) = TestData.ReadParquet(output);
        Assert.True(rows.Count > 1900, $"only {rows.Count} rows survived");
        var decoded = new StringBuilder();
        foreach (var row in rows)
        {
            decoded.AppendJoin('\u0001', row.Select(v => v ?? "")).Append('\u0002');
        }
        foreach (var (key, value) in metadata)
        {
            decoded.Append(key).Append('\u0001').Append(value).Append('\u0002');
        }
        var text = decoded.ToString();
        var bytes = await File.ReadAllBytesAsync(output);

        var leaks = raw.Where(value => text.Contains(value, StringComparison.Ordinal)
            || bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0).Take(10).ToList();
        Assert.True(leaks.Count == 0, "raw values found in the output: " + string.Join(" | ", leaks));
    }

    [Fact]
    public async Task Given_an_uncompressed_view_When_the_values_are_scanned_Then_the_scan_itself_would_catch_a_leak()
    {
        // Guards the test above against passing vacuously: with a policy that keeps everything, the same scan finds raw values.
        var people = new List<SyntheticPerson>();
        var input = _folder.File("people.csv");
        await using (var writer = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            SyntheticCsv.Write(writer, 50, seed: 43, people.Add);
        }
        var output = _folder.File("kept.parquet");
        await PrivacyPipeline.RunAsync(new PipelineRequest(input, output,
            TestData.Policy("name: keep\ngrades:\n  important: { operator: keep }\n"), TestData.Secret));

        var (_, rows, _) = TestData.ReadParquet(output);
        var text = string.Join('\n', rows.SelectMany(r => r));
        Assert.Contains(people[0].ResidentId, text, StringComparison.Ordinal);
        Assert.Contains(people[0].Mobile, text, StringComparison.Ordinal);
    }
}
