using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Datasets;

/// <summary>The rules the release search adds to drafts: a refused draft releases nothing and cannot be published, and a level chosen must be one the column has.</summary>
public sealed class UploadDraftTests
{
    private const string Upload = "up-1";
    private static readonly DateTimeOffset Now = T0.AddDays(5);
    private static readonly string Hash = new('c', 64);

    private static Spec<Dataset, DatasetCommand, IDatasetEvent> Spec() => new(DatasetDecider.Instance);

    private static DraftRelease Draft(bool refused) => new(0, refused ? "" : Hash, 100, refused ? 0 : 96, refused ? 0 : 4, 5, refused ? null : 5, "policy", [])
    {
        Anonymity = new DraftAnonymity("non-uniform entropy", refused ? null : 0.3, 5, refused ? null : 5, 1, null, [], 0.05, refused ? 0 : 4, refused,
            [new DraftLevel("位置", refused ? "" : "district", ["grid_3", "grid_2", "district", "city"], Fixed: false)],
            refused ? [new DraftCandidate(["city"], 40, 0.4, 5, null, 0.9, Publishable: false)] : [], 4, 3),
    };

    private static Spec<Dataset, DatasetCommand, IDatasetEvent> Drafted(bool refused)
    {
        var spec = Spec().Given(Created);
        spec.Then<DatasetUploadReceived>(new ReceiveUpload(DatasetId, Upload, "visits.csv", 1000, new string('a', 64), "utf-8", "run-1", Merchant, Now));
        spec.Then<DatasetDraftPrepared>(new RecordDraft(DatasetId, Upload, Draft(refused), Caller.System, Now));
        return spec;
    }

    [Fact]
    public void Given_a_refused_draft_When_published_Then_conflict_saying_why()
    {
        var error = Drafted(refused: true).Refuses<InvalidTransitionException>(new AddDatasetVersion(
            DatasetId, Hash, 96, "run-1", Merchant, Now, new VersionLineage(new string('a', 64), Upload, 0)));

        Assert.Contains("reaches no release", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_refused_draft_that_names_content_When_recorded_Then_invalid()
    {
        var spec = Spec().Given(Created);
        spec.Then<DatasetUploadReceived>(new ReceiveUpload(DatasetId, Upload, "visits.csv", 1000, new string('a', 64), "utf-8", "run-1", Merchant, Now));

        spec.Refuses<InvalidInputException>(new RecordDraft(DatasetId, Upload, Draft(refused: true) with { ContentHash = Hash }, Caller.System, Now));
    }

    [Theory]
    [InlineData("位置", "street", "its levels are grid_3, grid_2, district, city")]
    [InlineData("事项", "district", "no quasi-identifier")]
    public void Given_a_draft_When_a_level_it_does_not_offer_is_chosen_Then_invalid_naming_the_levels(string column, string level, string saying)
    {
        var spec = Drafted(refused: false);
        var draft = spec.State!.Upload(Upload)!.Draft!;
        spec.Given(new DatasetDraftPrepared(DatasetId, Upload, draft with { Columns = [Column("位置"), Column("事项")] }, Caller.System.Id, Now));

        var error = spec.Refuses<InvalidInputException>(new ChooseDraftColumns(DatasetId, Upload, [new ColumnChoice(column, null, null) { Level = level }], "run-2", Merchant, Now));

        Assert.Contains(saying, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_draft_When_an_offered_level_is_chosen_Then_it_is_recorded_with_the_new_run()
    {
        var spec = Drafted(refused: false);
        var draft = spec.State!.Upload(Upload)!.Draft!;
        spec.Given(new DatasetDraftPrepared(DatasetId, Upload, draft with { Columns = [Column("位置")] }, Caller.System.Id, Now));

        var (e, state) = spec.Then<DatasetDraftColumnsChosen>(new ChooseDraftColumns(DatasetId, Upload, [new ColumnChoice("位置", null, null) { Level = "grid_2" }], "run-2", Merchant, Now));

        Assert.Equal("grid_2", Assert.Single(e.Choices).Level);
        Assert.Equal(UploadStatus.Preparing, state.Upload(Upload)!.Status);
    }

    private static DraftColumn Column(string name) =>
        new(name, null, 1, false, false, ColumnSubject.Person, ColumnGrade.General, ColumnGrade.General, "keep", name == "位置", true);
}
