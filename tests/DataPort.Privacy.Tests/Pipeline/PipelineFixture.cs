using System.Text;
using DataPort.Tabular.Parquet;
using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Tests.Pipeline;

/// <summary>A scratch folder per test class, removed afterwards.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dataport-privacy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class TestData
{
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes("a dataset secret of thirty-two b");

    public static MaskingPolicy Policy(string yaml) => PolicyLoader.Load(Encoding.UTF8.GetBytes(yaml), "test.yaml");

    /// <summary>The default policy with another risk section.</summary>
    public static MaskingPolicy DefaultWithRisk(int k, string onRisk)
    {
        var yaml = System.IO.File.ReadAllText(System.IO.Path.Combine(Tests.Policy.PolicyLoaderTests.RepoRoot(), "catalogs", "policies", "default.yaml"));
        var riskAt = yaml.IndexOf("risk:", StringComparison.Ordinal);
        return Policy(yaml[..riskAt] + $"risk:\n  k: {k}\n  quasi_identifiers: [date_of_birth, address]\n  on_risk: {onRisk}\n");
    }

    public static (string[] Names, List<string?[]> Rows, Dictionary<string, string> Metadata) ReadParquet(string path)
    {
        using var reader = ParquetReader.Open(path);
        var columns = reader.ReadAllColumns();
        var rows = new List<string?[]>();
        var count = columns.Count == 0 ? 0 : columns[0].Values.Length;
        for (var r = 0; r < count; r++)
        {
            rows.Add([.. columns.Select(c => (string?)c.Values[r])]);
        }
        var metadata = reader.KeyValueMetadata.ToDictionary(p => p.Key, p => p.Value ?? "");
        return ([.. columns.Select(c => c.Field.Name)], rows, metadata);
    }
}
