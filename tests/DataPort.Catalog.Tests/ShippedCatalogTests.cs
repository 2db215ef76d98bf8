using DataPort.Catalog.Generation;
using DataPort.Catalog.Identifiers;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;

namespace DataPort.Catalog.Tests;

public class ShippedCatalogTests
{
    private static readonly CatalogContent Catalog = CatalogLoader.Load(RepositoryCatalog.Directory);

    [Fact]
    public void Given_the_shipped_catalog_When_loaded_Then_every_dataset_file_validates()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryCatalog.Directory, "datasets"), "*.yaml");
        Assert.True(files.Length >= 20, $"only {files.Length} datasets");
        Assert.Equal(files.Length, Catalog.Datasets.Count);
        Assert.Equal(Catalog.Datasets.Count, Catalog.Datasets.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Given_the_shipped_catalog_Then_it_covers_every_domain_of_the_seeds()
    {
        var themes = Catalog.Datasets.Select(d => d.Theme).ToHashSet();
        foreach (var theme in new[] { "transport", "health", "city_management", "enterprise", "culture_tourism", "infrastructure", "education", "agriculture", "environment" })
        {
            Assert.Contains(theme, themes);
        }
        foreach (var id in new[] { "bus-lines", "bus-stops", "brt-timetable", "metro-ridership", "e-fence-parking", "hospitals", "credit-medical-usage",
                     "storefront-responsibility", "street-order-events", "enterprise-credit-risk", "mianshen-policy-payouts", "scenic-visitor-flows",
                     "5g-base-stations", "10g-pon-ports", "smart-campuses", "farm-machinery-operations", "air-quality-hourly" })
        {
            Assert.NotNull(Catalog.Find(id));
        }
    }

    [Fact]
    public void Given_the_shipped_catalog_Then_owners_are_the_departments_the_seeds_name()
    {
        var seeds = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "SeedDepartments.txt")).Where(l => !l.StartsWith('#')).ToHashSet();
        foreach (var dataset in Catalog.Datasets)
        {
            var owner = Catalog.Owner(dataset);
            Assert.NotNull(owner);
            Assert.NotEqual("merchant", owner.Kind);
            // The seeds list departments as "市数据管理局、公安局、…、市政园林局": the leading 市 belongs to each name.
            var bare = dataset.Owner.StartsWith('市') ? dataset.Owner[1..] : dataset.Owner;
            Assert.True(seeds.Contains(bare), $"{dataset.Owner} does not appear in the seeds");
        }
    }

    [Fact]
    public void Given_the_organisations_Then_every_credit_code_has_valid_check_characters()
    {
        Assert.NotEmpty(Catalog.Organisations);
        Assert.All(Catalog.Organisations, o => Assert.True(CreditCode.IsValid(o.Uscc), o.Uscc));
        Assert.Contains(Catalog.Organisations, o => o.Kind == "merchant");
    }

    [Fact]
    public void Given_every_dataset_Then_its_licences_stay_under_the_fee_cap_and_core_data_never_downloads()
    {
        foreach (var dataset in Catalog.Datasets)
        {
            Assert.NotEmpty(dataset.Licences);
            foreach (var licence in dataset.Licences)
            {
                if (dataset.FeeCap.CapFor(licence.Price) is { } cap)
                {
                    Assert.True(licence.Price.AmountFen <= cap, $"{dataset.Id}/{licence.Id}");
                }
                if (dataset.Grade == DataGrade.Core)
                {
                    Assert.Equal(Delivery.SandboxOnly, licence.Delivery);
                }
            }
        }
    }

    [Fact]
    public void Given_every_dataset_When_generating_Then_rows_have_one_value_per_column()
    {
        foreach (var dataset in Catalog.Datasets)
        {
            var generator = new SyntheticGenerator(dataset);
            var rows = generator.Rows(200).ToList();
            Assert.Equal(200, rows.Count);
            Assert.All(rows, row => Assert.Equal(dataset.Columns.Count, row.Length));
        }
    }
}
