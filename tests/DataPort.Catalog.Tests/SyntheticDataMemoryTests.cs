using System.Text;
using DataPort.Catalog.Generation;
using DataPort.Catalog.Loading;

namespace DataPort.Catalog.Tests;

/// <summary>
/// The heap is the whole process's: a test measuring what it retains must run with no other test allocating beside it,
/// so it sits in a collection of its own that runs alone.
/// </summary>
[Collection(Name)]
public sealed class SyntheticDataMemoryTests
{
    public const string Name = "heap measurements";

    [Fact]
    public void Given_many_rows_When_writing_CSV_Then_memory_stays_flat()
    {
        var dataset = CatalogLoader.Load(RepositoryCatalog.Directory).Find("traffic-carbon-credits")!;
        var generator = new SyntheticGenerator(dataset);
        using var sink = new CountingWriter();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        generator.WriteCsv(sink, 100_000);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(sink.Characters > 5_000_000);
        // 100k rows are ~8 MB of text; holding them would show as megabytes retained.
        Assert.True(after - before < 2_000_000, $"retained {after - before} bytes");
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Characters { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Characters++;

        public override void Write(string? value) => Characters += value?.Length ?? 0;
    }
}

[CollectionDefinition(SyntheticDataMemoryTests.Name, DisableParallelization = true)]
public sealed class HeapMeasurementsCollection;
