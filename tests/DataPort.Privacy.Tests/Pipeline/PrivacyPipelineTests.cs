using System.Text.Json;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Pipeline;

public sealed class PrivacyPipelineTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SyntheticInput(int rows, int seed = 5)
    {
        var path = _folder.File($"people-{rows}-{seed}.csv");
        if (!File.Exists(path))
        {
            SyntheticCsv.Write(path, rows, seed);
        }
        return path;
    }

    private Task<PipelineReport> Mask(string input, MaskingPolicy policy, string output = "out.parquet", byte[]? secret = null) =>
        PrivacyPipeline.RunAsync(new PipelineRequest(input, _folder.File(output), policy, secret ?? TestData.Secret) { ReportPath = _folder.File("report.json") });

    [Fact]
    public async Task Given_synthetic_people_When_masked_with_the_default_policy_Then_each_column_gets_its_operator()
    {
        var report = await Mask(SyntheticInput(600), PolicyLoader.LoadDefault());

        var (names, rows, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        Assert.Equal(SyntheticCsv.Header, names);
        Assert.Equal(report.Output.Rows, rows.Count);
        Assert.Equal(600, report.Input.Rows);
        Assert.Equal(600, report.Output.Rows + report.Risk.RowsSuppressed);
        var row = rows[0];
        Assert.Matches("^[0-9a-f]{16}$", row[0]); // 姓名: pseudonym
        Assert.Matches(@"^\d{6}\*{12}$", row[1]); // 身份证号 keeps its region
        Assert.Matches(@"^1\d{2}\*{4}\d{4}$", row[2]); // 手机号
        Assert.Matches("^福建省厦门市..区$", row[3]); // 住址 → district
        Assert.Matches(@"^闽[A-Z]\*{5,6}$", row[4]); // 车牌号
        Assert.Matches(@"^\d+-\d+$", row[5]); // 出生日期 → age band
        Assert.Matches("^[0-9a-f]{16}$", row[6]); // 邮箱
        Assert.Matches(@"^13\d{9}$", row[7]); // 订单号 is not personal and passes unchanged
        var byName = report.Columns.ToDictionary(c => c.Name);
        Assert.Null(byName["订单号"].Entity);
        Assert.Equal("cn_mobile", byName["手机号"].Entity);
        Assert.Equal("free_text_with_pii", byName["备注"].Entity);
        Assert.Equal("important", byName["身份证号"].Grade);
        Assert.True(byName["出生日期"].QuasiIdentifier);
        Assert.True(report.Risk.KAchieved >= 5);
    }

    [Fact]
    public async Task Given_a_run_When_finished_Then_the_report_is_in_the_parquet_metadata_and_the_json_file()
    {
        var input = SyntheticInput(300);
        var report = await Mask(input, PolicyLoader.LoadDefault());

        var (_, _, metadata) = TestData.ReadParquet(_folder.File("out.parquet"));
        var embedded = ReportJson.Deserialize(metadata[MetadataKeys.Report])!;
        Assert.Equal(report.Output.ContentHash, embedded.Output.ContentHash);
        Assert.Null(embedded.Output.FileSha256);
        Assert.Equal($"sha256:{report.Output.ContentHash}", metadata[MetadataKeys.ContentHash]);
        Assert.StartsWith("default sha256:", metadata[MetadataKeys.MaskingPolicy]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(input))), report.Input.Sha256);

        using var json = JsonDocument.Parse(File.ReadAllText(_folder.File("report.json")));
        var output = json.RootElement.GetProperty("output");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_folder.File("out.parquet")))),
            output.GetProperty("file_sha256").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("columns").GetArrayLength());
        Assert.Equal(report.Risk.RowsSuppressed, json.RootElement.GetProperty("risk").GetProperty("rows_suppressed").GetInt64());
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Given_the_same_secret_When_two_releases_are_masked_Then_pseudonyms_match_and_another_secret_differs()
    {
        var input = SyntheticInput(100);
        await Mask(input, PolicyLoader.LoadDefault(), "first.parquet");
        await Mask(input, PolicyLoader.LoadDefault(), "second.parquet");
        await Mask(input, PolicyLoader.LoadDefault(), "third.parquet", [.. TestData.Secret.Reverse()]);

        var first = TestData.ReadParquet(_folder.File("first.parquet")).Rows.Select(r => r[0]).ToList();
        var second = TestData.ReadParquet(_folder.File("second.parquet")).Rows.Select(r => r[0]).ToList();
        var third = TestData.ReadParquet(_folder.File("third.parquet")).Rows.Select(r => r[0]).ToList();
        Assert.Equal(first, second);
        Assert.Empty(first.Intersect(third));
    }

    [Fact]
    public async Task Given_a_k_the_data_cannot_reach_and_on_risk_fail_When_masked_Then_the_run_fails_and_writes_nothing()
    {
        var input = SyntheticInput(300);
        var e = await Assert.ThrowsAsync<ReleaseRefusedException>(() => Mask(input, TestData.DefaultWithRisk(200, "fail")));

        Assert.Contains("No release reaches k=200", e.Message);
        Assert.True(e.Report.Risk.Refused);
        Assert.NotEmpty(e.Report.Risk.Candidates);
        Assert.False(File.Exists(_folder.File("out.parquet")));
        Assert.False(File.Exists(_folder.File("report.json")));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Given_on_risk_suppress_rows_When_masked_Then_at_most_the_allowed_share_is_dropped_and_k_holds()
    {
        var report = await Mask(SyntheticInput(600), TestData.DefaultWithRisk(20, "suppress-rows"));

        Assert.InRange(report.Risk.RowsSuppressed, 0, 30); // at most 5% of 600
        Assert.Equal(600 - report.Risk.RowsSuppressed, report.Output.Rows);
        var rows = TestData.ReadParquet(_folder.File("out.parquet")).Rows;
        var smallest = rows.GroupBy(r => (r[5], r[3])).Min(g => g.Count());
        Assert.True(smallest >= 20, $"smallest class {smallest}");
        Assert.Equal(smallest, report.Risk.KAchieved);
    }

    [Fact]
    public async Task Given_a_column_graded_core_When_masked_Then_it_does_not_leave()
    {
        var policy = TestData.Policy("name: p\ncolumns:\n  金额: { grade: core }\n");
        var report = await Mask(SyntheticInput(50), policy);

        var (names, _, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        Assert.DoesNotContain("金额", names);
        Assert.False(report.Columns.Single(c => c.Name == "金额").Released);
        Assert.Equal("suppress", report.Columns.Single(c => c.Name == "金额").Operator);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", 3, "expected 2 fields")]
    [InlineData("a,b\n1,2\n\"3,4\n5,6\n", 3, "not closed")]
    [InlineData("a,b\n1,\"2\"x\n", 2, "after a closing quote")]
    [InlineData("a,a\n1,2\n", 1, "twice")]
    public async Task Given_malformed_csv_When_masked_Then_the_error_names_the_line_and_nothing_is_left(string csv, long line, string problem)
    {
        var input = _folder.Write("bad.csv", csv);
        File.WriteAllText(_folder.File("out.parquet"), "an earlier good release");

        var e = await Assert.ThrowsAsync<CsvFormatException>(() => Mask(input, PolicyLoader.LoadDefault()));

        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.Equal("an earlier good release", File.ReadAllText(_folder.File("out.parquet")));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Given_quoted_fields_with_commas_and_newlines_When_masked_Then_they_arrive_whole()
    {
        var input = _folder.Write("quoted.csv", "编号,说明\n1,\"第一行\n第二行, 含逗号\"\n2,\"引号\"\"内\"\"\"\n");
        await Mask(input, TestData.Policy("name: p\n"));

        var rows = TestData.ReadParquet(_folder.File("out.parquet")).Rows;
        Assert.Equal("第一行\n第二行, 含逗号", rows[0][1]);
        Assert.Equal("引号\"内\"", rows[1][1]);
    }

    [Fact]
    public async Task Given_invalid_utf8_When_masked_Then_it_fails_with_the_line()
    {
        var input = _folder.File("latin1.csv");
        File.WriteAllBytes(input, [.. "姓名\n"u8.ToArray(), 0xD5, 0xC5, 0xC8, 0xFD, (byte)'\n']);
        var e = await Assert.ThrowsAsync<CsvFormatException>(() => Mask(input, PolicyLoader.LoadDefault()));
        Assert.Contains("UTF-8", e.Message);
    }
}
