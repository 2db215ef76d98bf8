using System.Text;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;

namespace DataPort.Catalog.Generation;

/// <summary>
/// Deterministic synthetic rows for a dataset. Each column draws from its own <see cref="Random"/> seeded from
/// the dataset's seed and the column's name: System.Random's seeded sequence is fixed across .NET versions
/// (unlike a data-faking library's word lists), and adding a column does not change the others.
/// </summary>
public sealed class SyntheticGenerator
{
    private readonly DatasetDefinition dataset;
    private readonly ValueGenerator[] generators;
    private readonly Noise[] noises;
    private readonly Dictionary<string, int> index;

    public SyntheticGenerator(DatasetDefinition dataset)
    {
        this.dataset = dataset;
        var errors = new List<CatalogError>();
        var sink = new ErrorSink(dataset.SourceFile, errors);
        var earlier = new Dictionary<string, (ColumnType, string)>(StringComparer.Ordinal);
        generators = new ValueGenerator[dataset.Columns.Count];
        index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < dataset.Columns.Count; i++)
        {
            var column = dataset.Columns[i];
            generators[i] = GeneratorFactory.Create(column, earlier, sink)!;
            earlier[column.Name] = (column.Type, column.Generator.Kind);
            index[column.Name] = i;
        }
        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }
        noises = [.. dataset.Columns.Select((c, i) => new Noise(c.Noise, generators[i]))];
    }

    public IReadOnlyList<string> Header => [.. dataset.Columns.Select(c => c.Name)];

    /// <summary>Rows one at a time, so any number of them streams in constant memory.</summary>
    public IEnumerable<string[]> Rows(long count, int? seed = null)
    {
        var baseSeed = seed ?? dataset.Seed;
        var values = new Random[generators.Length];
        var noise = new Random[generators.Length];
        for (var i = 0; i < generators.Length; i++)
        {
            var columnSeed = ColumnSeed(baseSeed, dataset.Columns[i].Name);
            values[i] = new Random(columnSeed);
            noise[i] = new Random(columnSeed ^ 0x2545F491);
        }
        var context = new RowContext(index);
        for (long row = 0; row < count; row++)
        {
            context.Row = row;
            var output = new string[generators.Length];
            for (var i = 0; i < generators.Length; i++)
            {
                var clean = generators[i].Next(values[i], context);
                context.Values[i] = clean;
                output[i] = noises[i].Apply(clean, noise[i]);
            }
            yield return output;
        }
    }

    /// <summary>Writes a header and <paramref name="count"/> rows as RFC 4180 CSV.</summary>
    public long WriteCsv(TextWriter writer, long count, int? seed = null, CancellationToken cancellationToken = default)
    {
        CsvWriter.WriteRow(writer, Header);
        long written = 0;
        foreach (var row in Rows(count, seed))
        {
            CsvWriter.WriteRow(writer, row);
            // Checking every row would cost more than the row; every 4096 keeps cancellation prompt.
            if ((++written & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        writer.Flush();
        return written;
    }

    // FNV-1a over the UTF-8 name: string.GetHashCode is randomised per process, so it cannot seed anything.
    internal static int ColumnSeed(int datasetSeed, string columnName)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(columnName))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash ^ (uint)datasetSeed) & int.MaxValue;
    }
}
