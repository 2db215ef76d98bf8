using DataPort.Sandbox.Loading;

namespace DataPort.Sandbox.Tests;

/// <summary>Loading masked versions into schemas of their own.</summary>
[Collection(SandboxCollection.Name)]
public sealed class LoadingTests(SandboxWithData sandbox)
{
    private static InMemoryRowSource Rows(int count) => new(
        [new SandboxColumn("k", SandboxColumnType.Integer), new SandboxColumn("at", SandboxColumnType.Timestamp), new SandboxColumn("ok", SandboxColumnType.Boolean)],
        Enumerable.Range(1, count).Select(i => new object?[] { i, DateTimeOffset.UnixEpoch.AddDays(i), i % 2 == 0 ? null : true }));

    [Fact]
    public async Task Given_a_loaded_version_When_loaded_again_with_the_same_hash_Then_nothing_happens()
    {
        var first = await sandbox.Loader.LoadAsync(new LoadRequest("repeat-me", 1, "h1", Rows(3)));
        var second = await sandbox.Loader.LoadAsync(new LoadRequest("repeat-me", 1, "h1", Rows(5)));

        Assert.False(first.AlreadyLoaded);
        Assert.True(second.AlreadyLoaded);
        Assert.Equal(3, second.RowCount);
        Assert.Equal("sbx_repeat_me_v1", first.Schema);
        var recorded = await sandbox.Versions.FindAsync("repeat-me", 1);
        Assert.Equal(("h1", 3L), (recorded!.ContentHash, recorded.RowCount));
    }

    [Fact]
    public async Task Given_a_loaded_version_When_loaded_with_other_content_Then_it_is_a_conflict()
    {
        await sandbox.Loader.LoadAsync(new LoadRequest("fixed", 1, "h1", Rows(1)));

        await Assert.ThrowsAsync<SandboxConflictException>(() => sandbox.Loader.LoadAsync(new LoadRequest("fixed", 1, "h2", Rows(1))));
    }

    [Fact]
    public async Task Given_two_dataset_ids_that_name_the_same_schema_When_loaded_Then_the_second_is_a_conflict()
    {
        await sandbox.Loader.LoadAsync(new LoadRequest("same-name", 1, "h", Rows(1)));

        await Assert.ThrowsAsync<SandboxConflictException>(() => sandbox.Loader.LoadAsync(new LoadRequest("same_name", 1, "h", Rows(1))));
    }

    [Theory]
    [InlineData("people\"; DROP SCHEMA sandbox; --")]
    [InlineData("1starts-with-digit")]
    [InlineData("a-dataset-id-that-is-far-too-long-for-a-schema-name")]
    [InlineData("公交站点")]
    public async Task Given_a_dataset_id_of_any_form_When_loaded_Then_its_table_gets_a_safe_name(string datasetId)
    {
        var loaded = await sandbox.Loader.LoadAsync(new LoadRequest(datasetId, 1, "h", Rows(1)));

        Assert.Matches("^[a-z][a-z0-9_]{0,39}$", loaded.Table);
        Assert.Equal(loaded.Table, SandboxNames.DatasetIdentifier(datasetId));
    }

    [Fact]
    public async Task Given_an_empty_dataset_id_When_loaded_Then_it_is_refused() =>
        await Assert.ThrowsAsync<SandboxValidationException>(() => sandbox.Loader.LoadAsync(new LoadRequest(" ", 1, "h", Rows(1))));

    [Theory]
    [InlineData("Name", "name")]
    [InlineData("x\"y", "x_y")]
    [InlineData("a b", "a_b")]
    [InlineData("所在区", "c1")]
    public async Task Given_a_column_name_of_any_form_When_loaded_Then_it_gets_a_safe_sql_name_and_keeps_its_own(string column, string sqlName)
    {
        var datasetId = $"cols_{Guid.NewGuid():N}"[..20];
        var rows = new InMemoryRowSource([new SandboxColumn(column, SandboxColumnType.Text)], [["v"]]);

        await sandbox.Loader.LoadAsync(new LoadRequest(datasetId, 1, "h", rows));

        var stored = Assert.Single((await sandbox.Versions.FindAsync(datasetId, 1))!.Columns);
        Assert.Equal((sqlName, column), (stored.Name, stored.Label));
    }

    [Theory]
    [InlineData(new[] { "9", "12", "-3", null }, SandboxColumnType.BigInt)]
    [InlineData(new[] { "118.013648", "24.5", "0.25" }, SandboxColumnType.Decimal)]
    [InlineData(new[] { "2024-06-30", "2021-01-01" }, SandboxColumnType.Date)]
    [InlineData(new[] { "0592", "12" }, SandboxColumnType.Text)]
    [InlineData(new[] { "2024-02-30" }, SandboxColumnType.Text)]
    [InlineData(new[] { "9", "nine" }, SandboxColumnType.Text)]
    [InlineData(new string?[] { null, null }, SandboxColumnType.Text)]
    public async Task Given_a_text_column_When_loaded_Then_it_gets_the_type_every_value_has(string?[] values, SandboxColumnType expected)
    {
        var datasetId = $"typed_{Guid.NewGuid():N}"[..20];
        var rows = new InMemoryRowSource(
            [new SandboxColumn("v", SandboxColumnType.Text), new SandboxColumn("k", SandboxColumnType.Text)],
            values.Select(v => new object?[] { v, "0592" }));

        await sandbox.Loader.LoadAsync(new LoadRequest(datasetId, 1, "h", rows));

        var stored = (await sandbox.Versions.FindAsync(datasetId, 1))!;
        Assert.Equal((expected, SandboxColumnType.Text), (stored.FindColumn("v")!.Type, stored.FindColumn("k")!.Type));
        await using var count = sandbox.DataSource.CreateCommand($"SELECT count(v) FROM {stored.QualifiedTable}");
        Assert.Equal((long)values.Count(v => v is not null), (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Given_a_load_that_fails_half_way_When_retried_Then_nothing_of_the_first_attempt_remains()
    {
        var bad = new InMemoryRowSource([new SandboxColumn("k", SandboxColumnType.Integer)], [[1], [2, 3]]);
        await Assert.ThrowsAsync<SandboxValidationException>(() => sandbox.Loader.LoadAsync(new LoadRequest("half", 1, "h", bad)));

        var result = await sandbox.Loader.LoadAsync(new LoadRequest("half", 1, "h", new InMemoryRowSource([new SandboxColumn("k", SandboxColumnType.Integer)], [[1]])));

        Assert.False(result.AlreadyLoaded);
        Assert.Equal(1, result.RowCount);
    }

    [Fact]
    public async Task Given_the_pipelines_parquet_output_When_loaded_Then_its_rows_stream_into_the_version_schema()
    {
        var path = Path.GetTempFileName();
        try
        {
            var schema = new DataPort.Tabular.Parquet.ParquetSchema(
                new DataPort.Tabular.Parquet.ParquetField("code", DataPort.Tabular.Parquet.ParquetType.String),
                new DataPort.Tabular.Parquet.ParquetField("trips", DataPort.Tabular.Parquet.ParquetType.Int64),
                DataPort.Tabular.Parquet.ParquetField.Decimal("fare", 10, 2));
            using (var writer = DataPort.Tabular.Parquet.ParquetWriter.Create(path, schema))
            {
                for (var i = 0; i < 1000; i++)
                {
                    writer.WriteRow(new object?[] { $"L{i % 7}", (long)i, 1.5m + i });
                }
            }
            using var source = new ParquetRowSource(path);

            var result = await sandbox.Loader.LoadAsync(new LoadRequest("bus-lines", 1, "sha256:bus", source));

            Assert.Equal(1000, result.RowCount);
            await using var command = sandbox.DataSource.CreateCommand("SELECT sum(trips), sum(fare) FROM sbx_bus_lines_v1.bus_lines");
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((499500L, 501000m), (reader.GetInt64(0), reader.GetDecimal(1)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
