using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A file that cannot become a draft is refused at once, with the line and column and what to do, and leaves no upload
/// behind; a file in GB18030 is converted when the merchant says so; nobody uploads into another organisation's dataset.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class UploadBadInputTests(PortWithCatalog port)
{
    private const string Department = "xm-transport";

    [Fact]
    public async Task Given_a_gbk_export_Then_it_is_refused_naming_the_encoding_and_converted_when_asked()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(Encoding.UTF8.GetString(BusTaps.Csv(rows: 200)));

        var refused = await ProblemAsync(await UploadAsync(merchant, datasetId, gbk), HttpStatusCode.UnprocessableEntity);
        var converted = await merchant.Uploads.UploadDatasetFileAsync(datasetId, encoding: "gb18030", file: new FileParameter(new MemoryStream(gbk), "gbk.csv"));
        var drafted = await MerchantDatasets.ReadyAsync(merchant, datasetId, converted.UploadId);

        Assert.Contains("GB18030", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((1, 1), (refused.GetProperty("line").GetInt32(), refused.GetProperty("column").GetInt32()));
        Assert.Equal((UploadStatus.Ready, "gb18030", 200L), (drafted.Status, drafted.Encoding, drafted.Draft!.RowsRead));
        Assert.Contains(drafted.Draft.Columns, c => c.Name == "乘客姓名");
        Assert.Single((await merchant.Uploads.ListUploadsAsync(datasetId)).Items);
    }

    [Theory]
    [InlineData("ragged", "line 3", 3)]
    [InlineData("empty", "empty", 1)]
    [InlineData("header only", "no rows", 2)]
    [InlineData("wrong header", "missing: 金额", 1)]
    [InlineData("bad utf-8", "not valid UTF-8", 2)]
    public async Task Given_a_malformed_file_Then_422_with_the_line_and_no_upload_is_kept(string kind, string saying, int line)
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        var good = BusTaps.Csv(rows: 5);
        byte[] file = kind switch
        {
            "ragged" => [.. good.Take(IndexOfLine(good, 2)), .. "张三,13800000000,轮渡,1,2,3,4,5\n"u8],
            "empty" => [],
            "header only" => Encoding.UTF8.GetBytes(BusTaps.Header + "\n"),
            "wrong header" => Encoding.UTF8.GetBytes(BusTaps.Header.Replace(",金额", "", StringComparison.Ordinal) + "\n张三,138,轮渡,1,2,3\n"),
            _ => [.. good.Take(IndexOfLine(good, 1)), 0xFF, .. good.Skip(IndexOfLine(good, 1))],
        };

        var problem = await ProblemAsync(await UploadAsync(merchant, datasetId, file), HttpStatusCode.UnprocessableEntity);

        Assert.Contains(saying, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("file", line), (problem.GetProperty("field").GetString(), problem.GetProperty("line").GetInt32()));
        Assert.Empty((await merchant.Uploads.ListUploadsAsync(datasetId)).Items);
    }

    [Fact]
    public async Task Given_a_file_over_the_limit_Then_413_saying_the_limit()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);

        var problem = await ProblemAsync(await UploadAsync(merchant, datasetId, BusTaps.Csv(rows: 80_000)), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(PortWithCatalog.MaxUploadBytes, problem.GetProperty("maxBytes").GetInt64());
        Assert.Empty((await merchant.Uploads.ListUploadsAsync(datasetId)).Items);
    }

    [Fact]
    public async Task Given_another_organisations_dataset_or_none_Then_403_or_404_before_the_file_is_read()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var file = BusTaps.Csv(rows: 5);

        // hospitals is published by the health commission; the second id does not exist.
        await ProblemAsync(await UploadAsync(merchant, "hospitals", file), HttpStatusCode.Forbidden);
        await ProblemAsync(await UploadAsync(merchant, "no-such-dataset", file), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_draft_When_a_grade_is_chosen_below_the_national_floor_Then_422_naming_the_column_and_floor()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        var upload = await merchant.Uploads.UploadDatasetFileAsync(datasetId, file: new FileParameter(new MemoryStream(BusTaps.Csv(rows: 200)), "taps.csv"));
        await MerchantDatasets.ReadyAsync(merchant, datasetId, upload.UploadId);

        var response = await merchant.Http.PutAsJsonAsync($"api/datasets/{datasetId}/uploads/{upload.UploadId}/columns",
            new { columns = new[] { new { column = "经度", grade = "general" } } });
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Column '经度' cannot be graded general: as geo_coordinate the national rules grade it at least important.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await merchant.Uploads.GetUploadAsync(datasetId, upload.UploadId)).Revision);
    }

    private static Task<HttpResponseMessage> UploadAsync(DataPortConnection merchant, string datasetId, byte[] file)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "upload.csv" } };
        return merchant.Http.PostAsync($"api/datasets/{datasetId}/uploads", form);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The byte offset where line <paramref name="skip"/> + 1 starts.</summary>
    private static int IndexOfLine(byte[] text, int skip)
    {
        var offset = 0;
        for (var i = 0; i < skip; i++)
        {
            offset = Array.IndexOf(text, (byte)'\n', offset) + 1;
        }
        return offset;
    }
}
