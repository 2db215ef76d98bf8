using System.Text.Json;
using DataPort.Catalog.Generation;
using DataPort.Catalog.Listing;
using DataPort.Catalog.Loading;

namespace DataPort.Catalog.Tests;

public class CsvAndListingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("118.1,24.5", "\"118.1,24.5\"")]
    [InlineData("他说\"好\"", "\"他说\"\"好\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" 达标", "\" 达标\"")]
    [InlineData("", "")]
    public void Given_a_field_When_written_Then_it_is_quoted_as_RFC_4180_requires(string field, string expected)
    {
        using var writer = new StringWriter();
        CsvWriter.WriteField(writer, field);
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void Given_a_row_Then_fields_are_comma_separated_and_the_line_ends_with_CRLF()
    {
        using var writer = new StringWriter();
        CsvWriter.WriteRow(writer, ["a", "b,c", ""]);
        Assert.Equal("a,\"b,c\",\r\n", writer.ToString());
    }

    [Fact]
    public void Given_the_shipped_catalog_When_listed_as_JSON_Then_each_dataset_has_the_contract_fields()
    {
        var catalog = CatalogLoader.Load(RepositoryCatalog.Directory);
        var json = CatalogJson.List(catalog.Datasets.Select(d => (d, ListingSource.Yaml(d))));
        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(catalog.Datasets.Count, document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(item.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("title").GetProperty("zh").GetString()));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("title").GetProperty("en").GetString()));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("owner").GetString()));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("theme").GetString()));
            Assert.True(item.GetProperty("columns").GetInt32() > 0);
            var licences = item.GetProperty("licences");
            Assert.True(licences.GetArrayLength() > 0);
            foreach (var licence in licences.EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(licence.GetProperty("id").GetString()));
                Assert.Contains(licence.GetProperty("delivery").GetString(), new[] { "sandbox-only", "download" });
                Assert.Contains(licence.GetProperty("price").GetProperty("model").GetString(), new[] { "free", "one-off", "subscription", "per-query" });
                Assert.Equal(JsonValueKind.Number, licence.GetProperty("price").GetProperty("amount_fen").ValueKind);
            }
            Assert.Equal("yaml", item.GetProperty("source").GetProperty("kind").GetString());
            Assert.Equal($"catalogs/datasets/{item.GetProperty("id").GetString()}.yaml", item.GetProperty("source").GetProperty("file").GetString());
        }
        Assert.Contains("\"owner\":\"市交通局\"", json);
    }
}
