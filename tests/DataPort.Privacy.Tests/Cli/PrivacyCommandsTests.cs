using System.CommandLine;
using System.Text.Json;
using DataPort.Cli;
using DataPort.Cli.Commands.Privacy;
using DataPort.Privacy.Synthetic;
using DataPort.Privacy.Tests.Pipeline;

namespace DataPort.Privacy.Tests.Cli;

public sealed class PrivacyCommandsTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var root = new RootCommand("test") { ClassifyCommand.Create(), MaskCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRunner.InvokeAsync(root, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Given_a_csv_When_classify_json_Then_one_object_lists_the_columns_in_file_order()
    {
        var input = _folder.File("people.csv");
        SyntheticCsv.Write(input, 200, seed: 3);

        var (exit, output, _) = await Run("classify", input, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal(SyntheticCsv.Header, columns.Select(c => c.GetProperty("name").GetString()));
        Assert.All(columns, c => Assert.Equal(["name", "entity", "confidence", "personal", "sensitive", "grade"], c.EnumerateObject().Select(p => p.Name)));
        var phone = columns[2];
        Assert.Equal("cn_mobile", phone.GetProperty("entity").GetString());
        Assert.Equal(JsonValueKind.Number, phone.GetProperty("confidence").ValueKind);
        Assert.True(phone.GetProperty("personal").GetBoolean());
        Assert.False(phone.GetProperty("sensitive").GetBoolean());
        Assert.Equal("general", phone.GetProperty("grade").GetString());
        Assert.Equal(JsonValueKind.Null, columns[7].GetProperty("entity").ValueKind); // 订单号
        Assert.Equal("cn_resident_id", columns[1].GetProperty("entity").GetString());
        Assert.True(columns[1].GetProperty("sensitive").GetBoolean());
    }

    [Fact]
    public async Task Given_a_csv_When_mask_Then_parquet_and_report_are_written()
    {
        var input = _folder.File("people.csv");
        SyntheticCsv.Write(input, 300, seed: 4);

        var (exit, output, _) = await Run("mask", input, "--out", _folder.File("o.parquet"), "--report", _folder.File("r.json"));

        Assert.Equal(0, exit);
        Assert.Contains("wrote", output);
        Assert.True(File.Exists(_folder.File("o.parquet")));
        using var report = JsonDocument.Parse(File.ReadAllText(_folder.File("r.json")));
        Assert.Equal("default", report.RootElement.GetProperty("policy").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Given_a_policy_with_an_unknown_key_When_mask_Then_exit_1_names_key_and_line_and_no_output()
    {
        var input = _folder.Write("a.csv", "姓名\n张三\n");
        var policy = _folder.Write("p.yaml", "name: p\nrisk:\n  k: 2\n  quasi_identifers: [address]\n");

        var (exit, _, error) = await Run("mask", input, "--out", _folder.File("o.parquet"), "--policy", policy);

        Assert.Equal(1, exit);
        Assert.Contains("unknown key 'quasi_identifers'", error);
        Assert.Contains("line 4", error);
        Assert.False(File.Exists(_folder.File("o.parquet")));
    }

    [Fact]
    public async Task Given_malformed_csv_When_mask_Then_exit_1_with_the_line_number()
    {
        var input = _folder.Write("a.csv", "姓名,电话\n张三,13812345678\n李四\n");

        var (exit, _, error) = await Run("mask", input, "--out", _folder.File("o.parquet"));

        Assert.Equal(1, exit);
        Assert.Contains("line 3", error);
        Assert.False(File.Exists(_folder.File("o.parquet")));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Given_a_failed_risk_check_When_mask_Then_exit_1_and_no_output()
    {
        var input = _folder.File("people.csv");
        SyntheticCsv.Write(input, 100, seed: 5);
        var policy = _folder.Write("p.yaml", "name: strict\nrisk:\n  k: 500\n  quasi_identifiers: [address, date_of_birth]\n  on_risk: fail\n");

        var (exit, _, error) = await Run("mask", input, "--out", _folder.File("o.parquet"), "--policy", policy);

        Assert.Equal(1, exit);
        Assert.Contains("No release reaches k=500", error);
        Assert.False(File.Exists(_folder.File("o.parquet")));
    }

    [Fact]
    public async Task Given_a_missing_file_When_classify_Then_exit_1()
    {
        var (exit, _, error) = await Run("classify", _folder.File("nope.csv"), "--json");
        Assert.Equal(1, exit);
        Assert.Contains("no such file", error);
    }
}
