using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Datasets;

public sealed class DatasetTests
{
    private static Spec<Dataset, DatasetCommand, IDatasetEvent> Spec() => new(DatasetDecider.Instance);

    private static readonly DateTimeOffset Now = T0.AddDays(5);
    private static readonly string Hash2 = new('b', 64);

    private static CreateDataset Create(AssetRegistration? asset = null, IReadOnlyList<DatasetColumn>? columns = null, Caller? by = null) =>
        new(DatasetId, asset ?? RegisteredAsset(), Metadata, columns ?? Columns, true, by ?? Merchant, Now);

    [Fact]
    public void Given_a_registered_asset_When_its_owner_creates_a_dataset_Then_a_draft()
    {
        var (e, state) = Spec().Then<DatasetCreated>(Create());

        Assert.Equal(AssetId, e.AssetId);
        Assert.Equal(DatasetStatus.Draft, state.Status);
        Assert.Equal(OwnerOrg, state.OwnerOrganisationId);
    }

    [Fact]
    public void Given_no_asset_When_a_dataset_is_created_Then_not_found() =>
        Spec().Refuses<NotFoundException>(new CreateDataset(DatasetId, null, Metadata, Columns, true, Merchant, Now));

    [Fact]
    public void Given_an_asset_still_under_review_When_a_dataset_is_created_Then_conflict() =>
        Spec().Refuses<InvalidTransitionException>(Create(RegisteredAsset() with { Status = AssetStatus.UnderReview }));

    [Fact]
    public void Given_a_registered_asset_When_another_organisation_creates_a_dataset_Then_forbidden() =>
        Spec().Refuses<ForbiddenException>(Create(by: OtherMerchant));

    [Fact]
    public void Given_a_dataset_When_created_again_Then_conflict() =>
        Spec().Given(Created).Refuses<InvalidTransitionException>(Create());

    [Theory]
    [InlineData("not-in-asset")]
    [InlineData("grade")]
    [InlineData("sensitive-not-personal")]
    [InlineData("duplicate")]
    [InlineData("none")]
    public void Given_a_registered_asset_When_columns_are_wrong_Then_invalid_input(string broken)
    {
        IReadOnlyList<DatasetColumn> columns = broken switch
        {
            "not-in-asset" => [new("salary", "int", 3, true, false)],
            "grade" => [new("stop_id", "text", 5, false, false)],
            "sensitive-not-personal" => [new("stop_id", "text", 4, false, true)],
            "duplicate" => [new("stop_id", "text", 1, false, false), new("stop_id", "text", 1, false, false)],
            _ => [],
        };

        Spec().Refuses<InvalidInputException>(Create(columns: columns));
    }

    [Fact]
    public void Given_a_registered_asset_When_metadata_lacks_the_english_title_Then_invalid_input() =>
        Spec().Refuses<InvalidInputException>(Create() with { Metadata = Metadata with { Title = new LocalizedText("公交", "") } });

    [Fact]
    public void Given_a_draft_When_the_owner_adds_versions_Then_they_are_numbered_in_order()
    {
        var spec = Spec().Given(Created, Version1);

        var (e, state) = spec.Then<DatasetVersionAdded>(new AddDatasetVersion(DatasetId, Hash2, 2000, "run-2", Merchant, Now));

        Assert.Equal(2, e.Version.Number);
        Assert.Equal(2000, state.LatestVersion!.RowCount);
    }

    [Fact]
    public void Given_a_version_When_the_same_content_is_released_again_Then_conflict() =>
        Spec().Given(Created, Version1).Refuses<InvalidTransitionException>(new AddDatasetVersion(DatasetId, new string('a', 64), 1, "run-x", Merchant, Now));

    [Theory]
    [InlineData("XYZ", 1, "run")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", -1, "run")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 1, "")]
    public void Given_a_draft_When_a_version_is_malformed_Then_invalid_input(string hash, long rows, string run) =>
        Spec().Given(Created).Refuses<InvalidInputException>(new AddDatasetVersion(DatasetId, hash, rows, run, Merchant, Now));

    [Fact]
    public void Given_a_draft_When_another_organisation_adds_a_version_Then_forbidden() =>
        Spec().Given(Created).Refuses<ForbiddenException>(new AddDatasetVersion(DatasetId, Hash2, 1, "run", OtherMerchant, Now));

    [Fact]
    public void Given_nothing_When_a_version_is_added_Then_not_found() =>
        Spec().Refuses<NotFoundException>(new AddDatasetVersion(DatasetId, Hash2, 1, "run", Merchant, Now));

    [Fact]
    public void Given_a_draft_When_the_owner_adds_a_licence_option_Then_it_is_offered()
    {
        var (_, state) = Spec().Given(Created).Then<LicenceOptionAdded>(new AddLicenceOption(DatasetId, DownloadLicence, Merchant, Now));

        Assert.Equal("download", Assert.Single(state.LicenceOptions).Id);
    }

    [Fact]
    public void Given_a_licence_option_When_the_same_id_is_added_Then_conflict() =>
        Spec().Given(Created, Option(SandboxLicence)).Refuses<InvalidTransitionException>(new AddLicenceOption(DatasetId, SandboxLicence, Merchant, Now));

    [Theory]
    [InlineData(PriceKind.Free, 1)]
    [InlineData(PriceKind.OneOff, 0)]
    [InlineData(PriceKind.PerQuery, 1_001)]
    [InlineData(PriceKind.Subscription, 1_000_001)]
    [InlineData(PriceKind.OneOff, 5_000_001)]
    public void Given_public_data_When_a_price_is_invalid_or_above_the_cap_Then_invalid_input(PriceKind kind, long fen) =>
        Spec().Given(Created).Refuses<InvalidInputException>(
            new AddLicenceOption(DatasetId, SandboxLicence with { Price = new PriceModel(kind, fen) }, Merchant, Now));

    [Fact]
    public void Given_data_that_is_not_public_When_priced_above_the_cap_Then_accepted() =>
        Spec().Given(Created with { PublicData = false }).Then<LicenceOptionAdded>(
            new AddLicenceOption(DatasetId, SandboxLicence with { Price = new PriceModel(PriceKind.OneOff, 9_000_000) }, Merchant, Now));

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(LicenceOption.MaxTermDays + 1, false, false)]
    [InlineData(30, true, true)]
    public void Given_a_draft_When_licence_terms_contradict_Then_invalid_input(int term, bool download, bool aggregateOnly) =>
        Spec().Given(Created).Refuses<InvalidInputException>(new AddLicenceOption(DatasetId,
            SandboxLicence with { TermDays = term, DownloadAllowed = download, AggregateOnly = aggregateOnly }, Merchant, Now));

    [Fact]
    public void Given_a_draft_with_a_version_and_a_licence_When_published_Then_available()
    {
        var (_, state) = Spec().Given(Created, Version1, Option(SandboxLicence)).Then<DatasetPublished>(new PublishDataset(DatasetId, Merchant, Now));

        Assert.True(state.Available);
    }

    [Fact]
    public void Given_a_draft_without_a_version_When_published_Then_conflict() =>
        Spec().Given(Created, Option(SandboxLicence)).Refuses<InvalidTransitionException>(new PublishDataset(DatasetId, Merchant, Now));

    [Fact]
    public void Given_a_draft_without_a_licence_When_published_Then_conflict() =>
        Spec().Given(Created, Version1).Refuses<InvalidTransitionException>(new PublishDataset(DatasetId, Merchant, Now));

    [Fact]
    public void Given_a_published_dataset_When_published_again_Then_conflict() =>
        Spec().Given(Created, Version1, Option(SandboxLicence), Published).Refuses<InvalidTransitionException>(new PublishDataset(DatasetId, Merchant, Now));

    [Fact]
    public void Given_a_draft_When_another_organisation_publishes_Then_forbidden() =>
        Spec().Given(Created, Version1, Option(SandboxLicence)).Refuses<ForbiddenException>(new PublishDataset(DatasetId, OtherMerchant, Now));

    [Fact]
    public void Given_a_published_dataset_When_unpublished_and_republished_Then_available_again()
    {
        var spec = Spec().Given(Created, Version1, Option(SandboxLicence), Published);

        var (_, unpublished) = spec.Then<DatasetUnpublished>(new UnpublishDataset(DatasetId, Merchant, Now));
        Assert.False(unpublished.Available);
        var (_, republished) = spec.Then<DatasetPublished>(new PublishDataset(DatasetId, Merchant, Now));
        Assert.True(republished.Available);
    }

    [Fact]
    public void Given_a_draft_When_unpublished_Then_conflict() =>
        Spec().Given(Created).Refuses<InvalidTransitionException>(new UnpublishDataset(DatasetId, Merchant, Now));

    [Fact]
    public void Given_a_published_dataset_When_another_organisation_unpublishes_Then_forbidden() =>
        Spec().Given(Created, Version1, Option(SandboxLicence), Published).Refuses<ForbiddenException>(new UnpublishDataset(DatasetId, OtherMerchant, Now));

    [Fact]
    public void Given_a_published_dataset_When_the_regulator_suspends_and_resumes_Then_published_again()
    {
        var spec = Spec().Given(Created, Version1, Option(SandboxLicence), Published);

        var (_, suspended) = spec.Then<DatasetSuspended>(new SuspendDataset(DatasetId, "Complaint under investigation", Regulator, Now));
        Assert.False(suspended.Available);
        Assert.Equal(DatasetStatus.Published, suspended.Status);
        var (_, resumed) = spec.Then<DatasetResumed>(new ResumeDataset(DatasetId, "checked", Regulator, Now));
        Assert.True(resumed.Available);
    }

    [Fact]
    public void Given_a_published_dataset_When_the_owner_suspends_Then_forbidden() =>
        Spec().Given(Created, Version1, Option(SandboxLicence), Published).Refuses<ForbiddenException>(new SuspendDataset(DatasetId, "x", Merchant, Now));

    [Fact]
    public void Given_a_dataset_When_suspended_without_reason_Then_invalid_input() =>
        Spec().Given(Created).Refuses<InvalidInputException>(new SuspendDataset(DatasetId, "", Regulator, Now));

    [Fact]
    public void Given_a_suspended_dataset_When_suspended_again_Then_conflict() =>
        Spec().Given(Created, new DatasetSuspended(DatasetId, "x", Regulator.Id, Now)).Refuses<InvalidTransitionException>(new SuspendDataset(DatasetId, "y", Regulator, Now));

    [Fact]
    public void Given_a_dataset_that_is_not_suspended_When_resumed_Then_conflict() =>
        Spec().Given(Created).Refuses<InvalidTransitionException>(new ResumeDataset(DatasetId, "checked", Regulator, Now));

    [Fact]
    public void Given_a_suspended_dataset_When_the_regulator_resumes_without_a_reason_Then_it_is_refused() =>
        Spec().Given(Created, new DatasetSuspended(DatasetId, "x", Regulator.Id, Now)).Refuses<InvalidInputException>(new ResumeDataset(DatasetId, " ", Regulator, Now));

    [Fact]
    public void Given_a_suspended_dataset_When_the_owner_resumes_Then_forbidden() =>
        Spec().Given(Created, new DatasetSuspended(DatasetId, "x", Regulator.Id, Now)).Refuses<ForbiddenException>(new ResumeDataset(DatasetId, "checked", Merchant, Now));

    [Fact]
    public void Given_a_suspended_dataset_When_the_owner_publishes_adds_a_version_or_a_licence_Then_conflict()
    {
        var spec = Spec().Given(Created, Version1, Option(SandboxLicence), new DatasetSuspended(DatasetId, "x", Regulator.Id, Now));

        spec.Refuses<InvalidTransitionException>(new PublishDataset(DatasetId, Merchant, Now));
        spec.Refuses<InvalidTransitionException>(new AddDatasetVersion(DatasetId, Hash2, 1, "run", Merchant, Now));
        spec.Refuses<InvalidTransitionException>(new AddLicenceOption(DatasetId, DownloadLicence, Merchant, Now));
    }
}
