using System.Text;
using DataPort.Privacy.Detection;
using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Tests.Policy;

public class PolicyLoaderTests
{
    private static MaskingPolicy Load(string yaml) => PolicyLoader.Load(Encoding.UTF8.GetBytes(yaml), "test.yaml");

    [Fact]
    public void Given_the_embedded_default_When_loaded_Then_it_matches_the_catalog_file()
    {
        var embedded = PolicyLoader.LoadDefault();
        var file = PolicyLoader.LoadFile(Path.Combine(RepoRoot(), "catalogs", "policies", "default.yaml"));
        Assert.Equal("default", embedded.Name);
        Assert.Equal(file.Sha256, embedded.Sha256);
        Assert.Equal(Grade.Important, embedded.GradeOf("身份证号", EntityIds.ResidentId));
        Assert.Equal(OperatorKind.Partial, embedded.OperatorOf("身份证号", EntityIds.ResidentId).Kind);
        Assert.Equal(6, embedded.OperatorOf("身份证号", EntityIds.ResidentId).KeepFirst);
        Assert.Equal(5, embedded.Risk.K);
        Assert.Equal(OnRisk.SuppressRows, embedded.Risk.OnRisk);
        Assert.All(EntityIds.All, entity => Assert.True(embedded.Entities.ContainsKey(entity), entity));
    }

    [Fact]
    public void Given_the_default_When_loaded_Then_every_quasi_identifier_kind_has_its_hierarchy()
    {
        var policy = PolicyLoader.LoadDefault();

        Assert.Equal(["year", "years_5", "years_10", "years_20"], policy.HierarchyOf("出生日期", EntityIds.DateOfBirth)!.Levels);
        Assert.Equal(["street", "district", "city"], policy.HierarchyOf("住址", EntityIds.Address)!.Levels);
        Assert.Equal(["grid_3", "grid_2", "district", "city"], policy.HierarchyOf("位置", EntityIds.GeoCoordinate)!.Levels);
        Assert.Equal(["prefix_24", "prefix_16", "prefix_8"], policy.HierarchyOf("IP", EntityIds.IpAddress)!.Levels);
        Assert.Equal(0.05, policy.Risk.MaxSuppression);
        Assert.Equal(2, policy.Risk.L);
    }

    [Fact]
    public void Given_column_rules_with_hierarchies_When_loaded_Then_they_override_the_entity_s()
    {
        var policy = Load("""
            name: p
            hierarchies:
              date_of_birth: [year, years_10]
              邮编: [code, prefix_4, prefix_2]
            columns:
              出生年月: { hierarchy: [month, year] }
              年龄: { quasi_identifier: true, hierarchy: [value, range_5, range_10], level: range_5 }
              诊断: { sensitive_attribute: true }
            risk: { k: 5, l: 3, max_suppression: 0.02, quasi_identifiers: [date_of_birth, 邮编] }
            """);

        Assert.Equal(["month", "year"], policy.HierarchyOf("出生年月", EntityIds.DateOfBirth)!.Levels);
        Assert.Equal(["year", "years_10"], policy.HierarchyOf("生日", EntityIds.DateOfBirth)!.Levels);
        Assert.Equal(["code", "prefix_4", "prefix_2"], policy.HierarchyOf("邮编", null)!.Levels);
        Assert.Equal("range_5", policy.FixedLevelOf("年龄"));
        Assert.True(policy.IsSensitiveAttribute("诊断", null));
        Assert.Equal((3, 0.02), (policy.Risk.L, policy.Risk.MaxSuppression));
        Assert.Null(policy.HierarchyOf("姓名", EntityIds.PersonName));
    }

    [Theory]
    [InlineData("hierarchies:\n  date_of_birth: [years_10, year]\n", "line 3", "cannot follow")]
    [InlineData("hierarchies:\n  address: [street, grid_2]\n", "hierarchies.address", "no address level")]
    [InlineData("columns:\n  年龄: { hierarchy: [range_5, range_7] }\n", "columns.年龄.hierarchy", "multiple")]
    [InlineData("risk:\n  k: 5\n  max_suppression: 1.5\n", "max_suppression", "from 0 to 1")]
    [InlineData("risk:\n  k: 5\n  l: 0\n", "'l'", "from 1")]
    public void Given_a_bad_hierarchy_or_bound_When_loaded_Then_the_error_names_where(string yaml, string where, string reason)
    {
        var e = Assert.Throws<PolicyException>(() => Load("name: p\n" + yaml));

        Assert.Contains(where, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Given_an_unknown_top_level_key_When_loaded_Then_the_error_names_key_and_line()
    {
        var e = Assert.Throws<PolicyException>(() => Load("name: p\nrisk:\n  k: 3\nmaskng: {}\n"));
        Assert.Contains("unknown key 'maskng'", e.Message);
        Assert.Contains("line 4", e.Message);
    }

    [Fact]
    public void Given_a_misspelt_operator_parameter_When_loaded_Then_the_error_names_it()
    {
        var e = Assert.Throws<PolicyException>(() => Load("name: p\nentities:\n  cn_mobile: { grade: general, operator: partial, keep_frist: 3 }\n"));
        Assert.Contains("unknown key 'keep_frist'", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Theory]
    [InlineData("name: p\nentities:\n  phone: { grade: general }\n", "unknown entity 'phone'")]
    [InlineData("name: p\nentities:\n  cn_mobile: { grade: secret }\n", "core, important or general")]
    [InlineData("name: p\nentities:\n  cn_mobile: { grade: general, operator: scramble }\n", "operator 'scramble'")]
    [InlineData("name: p\nentities:\n  cn_mobile: { grade: core, operator: keep }\n", "never leaves")]
    [InlineData("name: p\ngrades:\n  core: { operator: redact }\n", "never leaves")]
    [InlineData("name: p\nrisk:\n  k: 0\n", "'k' must be a whole number")]
    [InlineData("name: p\nrisk:\n  on_risk: ignore\n", "fail or suppress-rows")]
    [InlineData("name: p\nentities:\n  cn_mobile: { grade: general, operator: generalise }\n", "needs 'to'")]
    [InlineData("name: p\nentities:\n  cn_mobile: { grade: general, keep_first: 3 }\n", "without an operator")]
    [InlineData("name: p\ncolumns:\n  经度: { quasi_identifier: maybe }\n", "must be true or false")]
    [InlineData("risk: { k: 2 }\n", "needs a 'name'")]
    [InlineData("name: p\nrisk: [1, 2\n", "line")]
    public void Given_invalid_policies_When_loaded_Then_they_are_rejected_with_a_reason(string yaml, string reason)
    {
        var e = Assert.Throws<PolicyException>(() => Load(yaml));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Given_a_column_rule_grading_core_When_resolved_Then_the_column_is_suppressed()
    {
        var policy = Load("name: p\ncolumns:\n  病历号: { grade: core }\n  备注: { entity: none }\n");
        Assert.Equal(Grade.Core, policy.GradeOf("病历号", null));
        Assert.Equal(OperatorKind.Suppress, policy.OperatorOf("病历号", null).Kind);
        Assert.True(policy.Columns["备注"].EntityForced);
        Assert.Null(policy.Columns["备注"].Entity);
    }

    [Fact]
    public void Given_a_column_rule_on_quasi_identifiers_When_resolved_Then_it_overrides_the_risk_list_for_that_column_only()
    {
        var policy = Load("name: p\ncolumns:\n  经度: { quasi_identifier: false }\n  工号: { quasi_identifier: true }\nrisk:\n  quasi_identifiers: [geo_coordinate]\n");
        Assert.False(policy.IsQuasiIdentifier("经度", EntityIds.GeoCoordinate));
        Assert.True(policy.IsQuasiIdentifier("纬度", EntityIds.GeoCoordinate));
        Assert.True(policy.IsQuasiIdentifier("工号", null));
    }

    [Fact]
    public void Given_an_entity_without_its_own_operator_When_resolved_Then_its_grade_operator_applies()
    {
        var policy = Load("name: p\ngrades:\n  important: { operator: pseudonym, length: 20 }\nentities:\n  passport: { grade: important }\n");
        var spec = policy.OperatorOf("护照号", EntityIds.Passport);
        Assert.Equal(OperatorKind.Pseudonym, spec.Kind);
        Assert.Equal(20, spec.Length);
        Assert.Equal(OperatorKind.Keep, policy.OperatorOf("金额", null).Kind);
    }

    internal static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DataPort.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("DataPort.sln not found above the test binaries");
    }
}
