using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Client;
using DuckDB.NET.Data;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A department whose data lives in Parquet uploads the file as it is, through the SDK: a file another engine
/// wrote (DuckDB, in this process) is read through Parquet.Net, checked against the dataset's columns, drafted and
/// published like a CSV; a file that is not readable Parquet, or names other columns, is refused at once and
/// leaves no upload behind.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class ParquetUploadTests(PortWithCatalog port) : IDisposable
{
    private const string Department = "xm-transport";
    private readonly string _folder = Directory.CreateTempSubdirectory("dataport-parquet-upload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Given_a_parquet_file_DuckDB_wrote_When_uploaded_through_the_SDK_Then_it_is_drafted_and_published_like_a_csv()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        var parquet = WriteWithDuckDb(BusTaps.Csv(rows: 2000), "SELECT * FROM read_csv({0}, header = true)");
        var parquetPath = Path.Combine(_folder, "as-uploaded.parquet");
        File.WriteAllBytes(parquetPath, parquet);
        using var asCsv = new MemoryStream();
        DataPort.Tabular.Csv.ParquetToCsv.Convert(parquetPath, asCsv);

        var received = await merchant.Uploads.UploadDatasetFileAsync(datasetId, file: new FileParameter(new MemoryStream(parquet), "taps.parquet", "application/vnd.apache.parquet"));
        var draft = await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId);

        Assert.Equal((UploadStatus.Ready, "parquet", 2000L), (draft.Status, draft.Encoding, draft.Draft!.RowsRead));
        // The lineage names the table the pipeline read: the CSV the Parquet file became.
        Assert.Equal((Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(asCsv.ToArray())), asCsv.Length), (received.SourceSha256, received.Bytes));
        Assert.True(draft.Draft.Columns.Single(c => c.Name == "乘客姓名").Personal);
        Assert.True(draft.Draft.Columns.Single(c => c.Name == "经度").QuasiIdentifier);
        var published = await merchant.Uploads.PublishUploadAsync(datasetId, received.UploadId);
        Assert.Equal(DatasetStatus.Published, published.Status);
        var version = Assert.Single((await merchant.Datasets.GetDatasetAsync(datasetId)).Versions);
        Assert.Equal((received.SourceSha256, received.UploadId), (version.Lineage!.SourceSha256, version.Lineage.UploadId));
    }

    [Theory]
    [InlineData("not parquet inside", "cannot be read")]
    [InlineData("other columns", "missing: 金额")]
    public async Task Given_a_parquet_file_that_cannot_become_a_draft_Then_422_saying_why_and_no_upload_is_kept(string kind, string saying)
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        byte[] file = kind == "not parquet inside"
            ? [.. "PAR1"u8, .. BusTaps.Csv(rows: 5), .. "PAR1"u8]
            : WriteWithDuckDb(BusTaps.Csv(rows: 5), "SELECT * EXCLUDE (金额) FROM read_csv({0}, header = true)");

        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "taps.parquet" } };
        var response = await merchant.Http.PostAsync($"api/datasets/{datasetId}/uploads", form);

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("file", problem.GetProperty("field").GetString());
        Assert.Contains(saying, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await merchant.Uploads.ListUploadsAsync(datasetId)).Items);
    }

    /// <summary>The CSV as DuckDB's own Parquet writer stores it, through <paramref name="select"/> ({0} is the CSV's path).</summary>
    private byte[] WriteWithDuckDb(byte[] csv, string select)
    {
        var csvPath = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        var parquetPath = Path.ChangeExtension(csvPath, ".parquet");
        File.WriteAllBytes(csvPath, csv);
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"COPY ({string.Format(System.Globalization.CultureInfo.InvariantCulture, select, Quote(csvPath))}) TO {Quote(parquetPath)} (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        return File.ReadAllBytes(parquetPath);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
