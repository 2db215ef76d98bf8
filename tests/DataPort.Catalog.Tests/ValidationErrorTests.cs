using DataPort.Catalog.Import;
using DataPort.Catalog.Loading;

namespace DataPort.Catalog.Tests;

public class ValidationErrorTests
{
    private static CatalogError SingleError(string yaml, string fileName = "bus-stops.yaml")
    {
        using var catalog = new TestCatalog();
        var path = catalog.Write(fileName, yaml);
        var failure = Assert.Throws<CatalogValidationException>(() => CatalogLoader.Load(catalog.Directory));
        var error = Assert.Single(failure.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains($"{path}:{error.Line}:", failure.Message);
        return error;
    }

    private static string Replace(string line, string with)
    {
        Assert.Contains(line, TestCatalog.ValidDataset);
        return TestCatalog.ValidDataset.Replace(line, with);
    }

    [Fact]
    public void Given_a_valid_file_When_loading_Then_it_loads()
    {
        using var catalog = new TestCatalog();
        catalog.Write("bus-stops.yaml", TestCatalog.ValidDataset);
        var content = CatalogLoader.Load(catalog.Directory);
        Assert.Equal("bus-stops", Assert.Single(content.Datasets).Id);
    }

    [Fact]
    public void Given_an_unknown_key_Then_the_error_names_its_line_and_the_key()
    {
        var error = SingleError(Replace("theme: transport", "theme: transport\nownr: 市交通局"));
        Assert.Equal(6, error.Line);
        Assert.Contains("unknown key 'ownr'", error.Message);
    }

    [Fact]
    public void Given_a_missing_required_key_Then_the_error_names_the_key()
    {
        var error = SingleError(Replace("basis: 测试依据\n", ""));
        Assert.Equal(1, error.Line);
        Assert.Contains("missing the required key 'basis'", error.Message);
    }

    [Fact]
    public void Given_a_wrong_type_Then_the_error_points_at_the_value()
    {
        var error = SingleError(Replace("seed: 7", "seed: seven"));
        Assert.Equal(8, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("'seed' in a dataset file must be an integer, not 'seven'", error.Message);
    }

    [Fact]
    public void Given_an_unknown_entity_id_Then_the_error_names_the_column_and_the_entity()
    {
        var error = SingleError(Replace("entity: cn_mobile", "entity: phone_number"));
        Assert.Equal(11, error.Line);
        Assert.Contains("column '乘客手机': unknown entity id 'phone_number'", error.Message);
    }

    [Theory]
    [InlineData("grade: important, subject: places,", "column '乘客手机': unknown subject 'places' (known: person, place)")]
    [InlineData("grade: important, subject: place,", "column '乘客手机': only geo_coordinate, address, cn_landline columns can describe a place, not cn_mobile")]
    public void Given_a_subject_that_does_not_fit_Then_the_error_names_the_column(string grade, string message)
    {
        var error = SingleError(Replace("entity: cn_mobile, grade: important,", "entity: cn_mobile, " + grade));
        Assert.Equal(11, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Given_a_hierarchy_that_does_not_nest_Then_the_error_names_the_column_and_the_level()
    {
        var error = SingleError(Replace("entity: cn_mobile, grade: important,", "entity: cn_mobile, grade: important, hierarchy: [prefix_3, prefix_7],"));
        Assert.Equal(11, error.Line);
        Assert.Contains("column '乘客手机': 'prefix_7' cannot follow 'prefix_3'", error.Message);
    }

    [Fact]
    public void Given_a_price_above_the_fee_cap_Then_the_error_names_the_licence_and_the_cap()
    {
        var error = SingleError(Replace("amount_fen: 50000", "amount_fen: 150000"));
        Assert.Equal(15, error.Line);
        Assert.Contains("licence 'paid': price 150000 fen (one-off) is above the operator's fee cap of 100000 fen", error.Message);
    }

    [Fact]
    public void Given_an_aggregate_only_licence_with_a_privacy_budget_Then_it_reaches_the_domain_and_a_row_level_one_is_refused()
    {
        const string paid = "aggregate_only: false, price: {model: one-off, amount_fen: 50000}";
        using var catalog = new TestCatalog();
        catalog.Write("bus-stops.yaml", Replace(paid, "aggregate_only: true, price: {model: one-off, amount_fen: 50000}, privacy: {epsilon: 3, period_days: 7}"));
        var licence = Assert.Single(CatalogLoader.Load(catalog.Directory).Datasets).Licences.Single(l => l.Id == "paid");

        var error = SingleError(Replace(paid, paid + ", privacy: {epsilon: 3, period_days: 7}"));

        Assert.Equal(new DataPort.Domain.Grants.PrivacyBudget(3, 7), DomainMapping.Licence(licence).Privacy);
        Assert.Contains("licence 'paid': a privacy budget applies to aggregate-only licences only", error.Message);
    }

    [Fact]
    public void Given_a_subscription_over_several_months_Then_the_monthly_cap_is_multiplied()
    {
        using var catalog = new TestCatalog();
        catalog.Write("bus-stops.yaml", Replace("{model: one-off, amount_fen: 50000}", "{model: subscription, amount_fen: 30000, period_months: 3}"));
        Assert.Single(CatalogLoader.Load(catalog.Directory).Datasets);
        var error = SingleError(Replace("{model: one-off, amount_fen: 50000}", "{model: subscription, amount_fen: 30001, period_months: 3}"));
        Assert.Contains("above the operator's fee cap of 30000 fen", error.Message);
    }

    [Fact]
    public void Given_duplicate_column_names_Then_the_second_is_reported()
    {
        var error = SingleError(Replace("{name: 乘客手机,", "{name: 站点编号,"));
        Assert.Equal(11, error.Line);
        Assert.Contains("duplicate column name '站点编号'", error.Message);
    }

    [Fact]
    public void Given_duplicate_licence_ids_Then_the_second_is_reported()
    {
        var error = SingleError(Replace("{id: paid,", "{id: open,"));
        Assert.Equal(15, error.Line);
        Assert.Contains("duplicate licence id 'open'", error.Message);
    }

    [Fact]
    public void Given_an_id_that_differs_from_the_file_name_Then_it_is_reported()
    {
        var error = SingleError(TestCatalog.ValidDataset, "stops.yaml");
        Assert.Equal(1, error.Line);
        Assert.Contains("must match its file name", error.Message);
    }

    [Fact]
    public void Given_an_owner_that_is_not_a_listed_department_Then_it_is_reported()
    {
        var error = SingleError(Replace("owner: 市交通局", "owner: 市交通运输局"));
        Assert.Equal(4, error.Line);
        Assert.Contains("owner '市交通运输局' is not a department", error.Message);
    }

    [Fact]
    public void Given_a_malformed_decimal_type_Then_it_is_reported()
    {
        var error = SingleError(Replace("{name: 站点编号, type: string", "{name: 站点编号, type: \"decimal(40,2)\""));
        Assert.Equal(10, error.Line);
        Assert.Contains("decimal(40,2) needs 1 <= precision <= 38", error.Message);
    }

    [Fact]
    public void Given_an_unknown_generator_parameter_Then_it_is_reported()
    {
        var error = SingleError(Replace("{kind: sequence, prefix: ZD}", "{kind: sequence, prefx: ZD}"));
        Assert.Equal(10, error.Line);
        Assert.Contains("generator 'sequence' has no parameter 'prefx'", error.Message);
    }

    [Fact]
    public void Given_a_core_column_and_a_download_licence_Then_it_is_reported()
    {
        var error = SingleError(Replace("entity: cn_mobile, grade: important", "entity: cn_mobile, grade: core"));
        Assert.Equal(14, error.Line);
        Assert.Contains("licence 'open' allows download, but the dataset holds core-grade columns", error.Message);
    }

    [Fact]
    public void Given_a_resident_id_column_graded_general_Then_it_is_reported()
    {
        var error = SingleError(Replace("entity: cn_mobile, grade: important, generator: {kind: mobile}", "entity: cn_resident_id, grade: general, generator: {kind: resident_id}"));
        Assert.Contains("a cn_resident_id column cannot be graded general", error.Message);
    }

    [Fact]
    public void Given_broken_yaml_Then_the_parser_position_is_reported()
    {
        var error = SingleError(Replace("theme: transport", "theme: [transport"));
        Assert.Equal(5, error.Line);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Given_a_duplicate_key_Then_it_is_reported()
    {
        var error = SingleError(Replace("theme: transport", "theme: transport\ntheme: health"));
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Given_an_invalid_credit_code_in_the_organisations_Then_the_file_and_line_are_named()
    {
        using var catalog = new TestCatalog(TestCatalog.Organisations.Replace("113502003756893428", "113502003756893429"));
        catalog.Write("bus-stops.yaml", TestCatalog.ValidDataset);
        var failure = Assert.Throws<CatalogValidationException>(() => CatalogLoader.Load(catalog.Directory));
        var error = Assert.Single(failure.Errors);
        Assert.EndsWith("organisations.yaml", error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("not a valid unified social credit code", error.Message);
    }

    [Fact]
    public void Given_several_problems_Then_every_one_is_reported()
    {
        using var catalog = new TestCatalog();
        catalog.Write("bus-stops.yaml", Replace("seed: 7", "seed: x").Replace("theme: transport", "theme: trains"));
        var failure = Assert.Throws<CatalogValidationException>(() => CatalogLoader.Load(catalog.Directory));
        Assert.Equal(2, failure.Errors.Count);
    }
}
