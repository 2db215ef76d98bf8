using System.Globalization;
using System.Text;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A department publishes a register of people with precise locations, through the SDK on the real server: the draft
/// shows the levels the release search chose for each quasi-identifier, k reached, rows suppressed and the information
/// lost; fixing a level the data cannot support turns the draft into a refusal that names the closest releases and
/// cannot be published; letting the search choose again makes it publishable, and the version keeps exactly the rows
/// the draft promised.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class ReleaseSearchJourneyTests(PortWithCatalog port)
{
    private const string Department = "xm-transport";

    [Fact]
    public async Task Given_people_with_precise_locations_When_drafted_Then_the_search_keeps_their_rows_and_a_refused_level_cannot_be_published()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10, ServiceVisits.Columns);
        var received = await merchant.Uploads.UploadDatasetFileAsync(datasetId, file: new FileParameter(new MemoryStream(ServiceVisits.Csv(2000)), "visits.csv"));

        var drafted = (await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId)).Draft!;

        var release = drafted.Anonymity!;
        Assert.False(release.Refused);
        Assert.True(drafted.Publishable);
        Assert.Equal(["出生日期", "住址", "位置"], release.Levels.Select(l => l.Column));
        Assert.Equal(["grid_3", "grid_2", "district", "city"], release.Levels.Single(l => l.Column == "位置").Levels);
        Assert.All(release.Levels, l => Assert.Contains(l.Level, l.Levels));
        Assert.True(drafted.RowsReleased >= 1900, $"released {drafted.RowsReleased} of 2000");
        Assert.InRange(release.Loss!.Value, 0, 1);
        Assert.True(release.KAchieved >= 5);
        Assert.Contains("non-uniform entropy", release.LossMeasure, StringComparison.Ordinal);
        Assert.True(release.CombinationsEvaluated <= release.LatticeSize);

        // Locations to 100 m cannot be shared by five of 2,000 people: the draft refuses and says what would be needed.
        await merchant.Uploads.ChooseUploadColumnsAsync(datasetId, received.UploadId, new ColumnChoices
        {
            Columns = [new ColumnChoice { Column = "位置", Level = "grid_3" }],
        });
        var refused = (await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId)).Draft!;
        Assert.True(refused.Anonymity!.Refused);
        Assert.False(refused.Publishable);
        Assert.NotEmpty(refused.Anonymity.Candidates);
        Assert.All(refused.Anonymity.Candidates, c => Assert.Equal("grid_3", c.Levels[2]));
        Assert.All(refused.Anonymity.Candidates, c => Assert.True(c.SuppressedShare > 0.05));
        Assert.True(refused.Anonymity.Levels.Single(l => l.Column == "位置").Fixed);
        var publishing = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => merchant.Uploads.PublishUploadAsync(datasetId, received.UploadId));
        Assert.Equal(409, publishing.StatusCode);
        Assert.Contains("reaches no release", publishing.Result.Detail, StringComparison.Ordinal);

        // A level the column does not have is refused by name.
        var wrong = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(() => merchant.Uploads.ChooseUploadColumnsAsync(datasetId, received.UploadId,
            new ColumnChoices { Columns = [new ColumnChoice { Column = "位置", Level = "street" }] }));
        Assert.Equal(422, wrong.StatusCode);
        Assert.Contains("grid_3, grid_2, district, city", wrong.Result.Detail, StringComparison.Ordinal);

        // Naming the column with nothing chosen hands it back to the search.
        await merchant.Uploads.ChooseUploadColumnsAsync(datasetId, received.UploadId, new ColumnChoices { Columns = [new ColumnChoice { Column = "位置" }] });
        var again = (await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId)).Draft!;
        Assert.True(again.Publishable);
        Assert.Equal(drafted.ContentHash, again.ContentHash);
        await merchant.Uploads.PublishUploadAsync(datasetId, received.UploadId);
        var version = Assert.Single((await merchant.Datasets.GetDatasetAsync(datasetId)).Versions);
        Assert.Equal(again.RowsReleased, version.RowCount);
    }
}

/// <summary>Service-desk visits of residents: a name, a birth date, a home address and where they were met, to about a metre.</summary>
internal static class ServiceVisits
{
    public static IReadOnlyList<BusTaps.Column> Columns { get; } =
    [
        new("姓名", "string", "name", Personal: true),
        new("出生日期", "string", "born", Personal: true),
        new("住址", "string", "address", Personal: true),
        new("位置", "string", "location", Personal: true),
        new("事项", "string", "matter", Personal: false),
    ];

    private static readonly (string District, double Latitude, double Longitude)[] Districts =
    [
        ("思明区", 24.4606, 118.1083), ("湖里区", 24.5121, 118.1468), ("集美区", 24.5759, 118.0971), ("海沧区", 24.4844, 118.0327),
    ];

    private static readonly string[] Roads = ["湖滨南路", "厦禾路", "嘉禾路", "仙岳路", "集美大道", "海沧大道"];
    private static readonly string[] Matters = ["社保咨询", "户籍办理", "不动产登记", "公积金提取"];

    public static byte[] Csv(int rows)
    {
        var random = new Random(20261205);
        var text = new StringBuilder(string.Join(',', Columns.Select(c => c.Name))).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var (district, latitude, longitude) = Districts[random.Next(Districts.Length)];
            var born = new DateOnly(1945, 1, 1).AddDays(random.Next(60 * 365));
            text.Append(CultureInfo.InvariantCulture, $"{"王李张刘陈林"[random.Next(6)]}{"伟芳敏静强磊"[random.Next(6)]},")
                .Append(born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(CultureInfo.InvariantCulture, $"福建省厦门市{district}{Roads[random.Next(Roads.Length)]}{random.Next(1, 400)}号,")
                .Append(CultureInfo.InvariantCulture, $"\"{latitude + (random.NextDouble() - 0.5) * 0.04:F6},{longitude + (random.NextDouble() - 0.5) * 0.04:F6}\",")
                .Append(Matters[random.Next(Matters.Length)]).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
