using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Pipeline;

/// <summary>The release search through the whole pipeline: what a table keeps, and what the output shows.</summary>
public sealed class ReleaseTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Given_a_few_thousand_people_with_precise_locations_When_released_at_k_5_Then_at_least_95_percent_of_rows_are_kept()
    {
        // The fixed generalisation this search replaced (10-year ages, districts, a 2-decimal grid) kept none of them.
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 3000, seed: 3);

        var report = await Mask(input, PolicyLoader.LoadDefault());

        Assert.True(report.Output.Rows >= 2850, $"kept {report.Output.Rows} of 3000");
        Assert.False(report.Risk.Refused);
        Assert.True(report.Risk.KAchieved >= 5);
        Assert.Equal(["住址", "位置", "出生日期"], report.Risk.Levels.Select(l => l.Column));
        Assert.InRange(report.Risk.Loss!.Value, 0, 1);
        // k holds in the file itself, over the released quasi-identifiers.
        var (names, rows, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        var (address, location, birth) = (Array.IndexOf(names, "住址"), Array.IndexOf(names, "位置"), Array.IndexOf(names, "出生日期"));
        Assert.True(rows.GroupBy(r => (r[address], r[location], r[birth])).Min(g => g.Count()) >= 5);
        Assert.Equal(report.Output.Rows, rows.Count);
    }

    [Fact]
    public async Task Given_a_fixed_level_When_released_Then_that_column_keeps_it_and_the_search_places_the_others()
    {
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 2000, seed: 4);
        var policy = WithColumns(PolicyLoader.LoadDefault(), ("出生日期", "years_20"));

        var report = await Mask(input, policy);

        var birth = report.Risk.Levels.Single(l => l.Column == "出生日期");
        Assert.Equal("years_20", birth.Level);
        Assert.True(birth.Fixed);
        Assert.Equal(["year", "years_5", "years_10", "years_20"], birth.Levels);
        var rows = TestData.ReadParquet(_folder.File("out.parquet")).Rows;
        Assert.All(rows, r => Assert.Matches(@"^(\d{4}-\d{4}|\*)$", r[8]));
    }

    [Fact]
    public async Task Given_a_sensitive_attribute_and_l_2_When_released_Then_every_class_shows_two_values_of_it()
    {
        var input = _folder.Write("visits.csv", string.Join('\n', new[] { "出生日期,住址,诊断" }.Concat(
            Enumerable.Range(0, 400).Select(i =>
                $"{1950 + i % 40}-0{1 + i % 9}-1{i % 10},福建省厦门市{(i % 3 == 0 ? "思明区" : "湖里区")}{(i % 2 == 0 ? "湖滨南路" : "仙岳路")}{i}号,{(i % 7 < 5 ? "感冒" : i % 7 == 5 ? "糖尿病" : "高血压")}"))) + "\n");
        var policy = TestData.Policy("""
            name: diagnoses
            hierarchies:
              date_of_birth: [year, years_5, years_10, years_20]
              address: [street, district, city]
            columns:
              诊断: { entity: none, sensitive_attribute: true }
            risk:
              k: 3
              l: 2
              quasi_identifiers: [date_of_birth, address]
              on_risk: suppress-rows
            """);

        var report = await Mask(input, policy);

        Assert.Equal(["诊断"], report.Risk.SensitiveAttributes);
        Assert.True(report.Risk.LAchieved >= 2);
        var rows = TestData.ReadParquet(_folder.File("out.parquet")).Rows;
        Assert.All(rows.GroupBy(r => (r[0], r[1])), g => Assert.True(g.Select(r => r[2]).Distinct().Count() >= 2, $"class {g.Key}"));
    }

    [Fact]
    public async Task Given_a_table_no_release_protects_When_released_Then_it_is_refused_with_candidates_and_nothing_is_written()
    {
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 40, seed: 5);
        var policy = WithColumns(PolicyLoader.LoadDefault(), ("位置", "grid_3"));

        var e = await Assert.ThrowsAsync<ReleaseRefusedException>(() => Mask(input, policy));

        Assert.True(e.Report.Risk.Refused);
        Assert.Contains("No release reaches k=5", e.Message);
        Assert.All(e.Report.Risk.Candidates, c => Assert.Equal("grid_3", c.Levels[1]));
        Assert.All(e.Report.Risk.Candidates, c => Assert.True(c.SuppressedShare > 0.05));
        Assert.False(File.Exists(_folder.File("out.parquet")));
    }

    [Fact]
    public async Task Given_a_level_the_column_does_not_have_When_released_Then_the_policy_error_names_the_levels()
    {
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 50, seed: 6);

        var e = await Assert.ThrowsAsync<PolicyException>(() => Mask(input, WithColumns(PolicyLoader.LoadDefault(), ("位置", "street"))));

        Assert.Contains("grid_3, grid_2, district, city", e.Message);
    }

    [Fact]
    public async Task Given_locations_written_longitude_first_When_released_Then_they_are_found_and_generalised_in_their_order()
    {
        // AMap and Baidu write "lng,lat"; such a column was once taken for no entity and released as it was.
        var random = new Random(3);
        var input = _folder.Write("operations.csv", "编号,作业位置\n" + string.Concat(Enumerable.Range(0, 600).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i},\"{118.0 + random.NextDouble() * 0.3:F6},{24.4 + random.NextDouble() * 0.3:F6}\"\n"))));

        var report = await Mask(input, PolicyLoader.LoadDefault());

        var location = report.Columns.Single(c => c.Name == "作业位置");
        Assert.Equal(("geo_coordinate", true), (location.Entity, location.QuasiIdentifier));
        var rows = TestData.ReadParquet(_folder.File("out.parquet")).Rows;
        Assert.All(rows, r => Assert.Matches(@"^(118\.\d{1,3},24\.\d{1,3}|[\p{IsCJKUnifiedIdeographs}]+区|厦门市|\*)$", r[1]));
    }

    [Fact]
    public async Task Given_several_masking_workers_When_released_Then_the_rows_come_out_as_with_one_and_in_file_order()
    {
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 9000, seed: 8); // five batches, dealt out in turn

        var one = await Mask(input, PolicyLoader.LoadDefault(), workers: 1);
        var firstNames = TestData.ReadParquet(_folder.File("out.parquet")).Rows.Select(r => r[2]).ToList();
        var three = await Mask(input, PolicyLoader.LoadDefault(), workers: 3);

        Assert.Equal(one.Output.ContentHash, three.Output.ContentHash);
        Assert.Equal(firstNames, TestData.ReadParquet(_folder.File("out.parquet")).Rows.Select(r => r[2]));
    }

    [Fact]
    public async Task Given_a_malformed_row_late_in_the_file_When_released_by_several_workers_Then_the_parse_error_is_what_fails()
    {
        var input = _folder.File("wide.csv");
        SyntheticWideCsv.Write(input, 6000, seed: 9);
        File.AppendAllText(input, "张三,男,only three fields\n");

        // No quasi-identifier: the masking workers, not the search's scan, are the first to read the file.
        var e = await Assert.ThrowsAsync<CsvFormatException>(() => Mask(input, TestData.Policy("name: plain\n"), workers: 2));

        Assert.Contains("expected 22 fields", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 6000, $"line {e.Line}");
        Assert.False(File.Exists(_folder.File("out.parquet")));
    }

    private Task<PipelineReport> Mask(string input, MaskingPolicy policy, int? workers = null) =>
        PrivacyPipeline.RunAsync(new PipelineRequest(input, _folder.File("out.parquet"), policy, TestData.Secret)
        {
            Today = new DateOnly(2026, 12, 1),
            MaskingWorkers = workers,
        });

    private static MaskingPolicy WithColumns(MaskingPolicy policy, params (string Column, string Level)[] levels)
    {
        var columns = new Dictionary<string, ColumnRule>(policy.Columns);
        foreach (var (column, level) in levels)
        {
            columns[column] = new ColumnRule(null, EntityForced: false, Grade: null, Operator: null) { Level = level };
        }
        return policy with { Columns = columns };
    }
}
