namespace DataPort.Catalog.Tests;

/// <summary>A throw-away catalog directory with one organisations file and the dataset files a test writes.</summary>
internal sealed class TestCatalog : IDisposable
{
    public const string Organisations = """
        organisations:
          - id: xm-transport
            name: 市交通局
            en: Xiamen Municipal Transportation Bureau
            kind: department
            uscc: 113502003756893428
        """;

    /// <summary>A valid dataset; tests replace one line of it to break exactly one rule.</summary>
    public const string ValidDataset = """
        id: bus-stops
        title: {zh: 公交站点, en: Bus stops}
        description: {zh: 公交站点描述, en: Bus stop description}
        owner: 市交通局
        theme: transport
        update_frequency: monthly
        basis: 测试依据
        seed: 7
        columns:
          - {name: 站点编号, type: string, entity: none, grade: general, generator: {kind: sequence, prefix: ZD}}
          - {name: 乘客手机, type: string, entity: cn_mobile, grade: important, generator: {kind: mobile}}
        fee_cap: {one_off_fen: 100000, subscription_monthly_fen: 10000, per_query_fen: 10}
        licences:
          - {id: open, purpose_limited: true, term_months: 12, delivery: download, aggregate_only: false, price: {model: free}}
          - {id: paid, purpose_limited: false, term_months: 12, delivery: sandbox-only, aggregate_only: false, price: {model: one-off, amount_fen: 50000}}
        """;

    public TestCatalog(string? organisations = Organisations)
    {
        Directory = Path.Combine(Path.GetTempPath(), "dataport-catalog-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "datasets"));
        if (organisations is not null)
        {
            File.WriteAllText(Path.Combine(Directory, "organisations.yaml"), organisations);
        }
    }

    public string Directory { get; }

    public string Write(string fileName, string yaml)
    {
        var path = Path.Combine(Directory, "datasets", fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
