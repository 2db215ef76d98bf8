using DataPort.Domain.Assets;
using DataPort.Domain.Certificates;
using DataPort.Domain.Common;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Assets;

public sealed class AssetRegistrationTests
{
    private static Spec<AssetRegistration, AssetCommand, IAssetEvent> Spec() => new(new AssetRegistrationDecider(Signer));

    private static readonly DateTimeOffset Now = T0.AddDays(5);

    [Fact]
    public void Given_nothing_When_the_owner_submits_Then_the_asset_is_submitted()
    {
        var (e, state) = Spec().Then<AssetSubmitted>(new SubmitAsset(AssetId, OwnerOrg, Details(), Merchant, Now));

        Assert.Equal(OwnerOrg, e.OwnerOrganisationId);
        Assert.Equal(Merchant.Id, e.SubmittedBy);
        Assert.Equal(AssetStatus.Submitted, state.Status);
    }

    [Fact]
    public void Given_nothing_When_another_organisation_submits_for_the_owner_Then_forbidden() =>
        Spec().Refuses<ForbiddenException>(new SubmitAsset(AssetId, OwnerOrg, Details(), OtherMerchant, Now));

    [Fact]
    public void Given_nothing_When_a_developer_submits_Then_forbidden() =>
        Spec().Refuses<ForbiddenException>(new SubmitAsset(AssetId, DeveloperOrg, Details(), Developer, Now));

    [Theory]
    [InlineData("title")]
    [InlineData("legalBasis")]
    [InlineData("dataCategories")]
    [InlineData("schema")]
    [InlineData("duplicateColumn")]
    public void Given_nothing_When_a_submission_is_incomplete_Then_invalid_input(string broken)
    {
        var d = Details();
        d = broken switch
        {
            "title" => d with { Title = new LocalizedText("", "x") },
            "legalBasis" => d with { LegalBasis = " " },
            "dataCategories" => d with { DataCategories = [] },
            "schema" => d with { Schema = [] },
            _ => d with { Schema = [new("a", "text"), new("a", "int")] },
        };

        var error = Spec().Refuses<InvalidInputException>(new SubmitAsset(AssetId, OwnerOrg, d, Merchant, Now));

        Assert.Contains(broken == "duplicateColumn" ? "schema" : broken, error.Reason);
    }

    [Fact]
    public void Given_a_submitted_asset_When_submitted_again_Then_conflict() =>
        Spec().Given(Submitted).Refuses<InvalidTransitionException>(new SubmitAsset(AssetId, OwnerOrg, Details(), Merchant, Now));

    [Fact]
    public void Given_nothing_When_reviewed_Then_not_found() =>
        Spec().Refuses<NotFoundException>(new StartAssetReview(AssetId, Operator, Now));

    [Fact]
    public void Given_a_submitted_asset_When_an_operator_starts_review_Then_under_review()
    {
        var (_, state) = Spec().Given(Submitted).Then<AssetReviewStarted>(new StartAssetReview(AssetId, Operator, Now));

        Assert.Equal(AssetStatus.UnderReview, state.Status);
    }

    [Fact]
    public void Given_a_submitted_asset_When_the_owner_starts_review_Then_forbidden() =>
        Spec().Given(Submitted).Refuses<ForbiddenException>(new StartAssetReview(AssetId, Merchant, Now));

    [Fact]
    public void Given_an_asset_under_review_When_review_starts_again_Then_conflict() =>
        Spec().Given(Submitted, ReviewStarted).Refuses<InvalidTransitionException>(new StartAssetReview(AssetId, Operator, Now));

    [Fact]
    public void Given_an_asset_under_review_When_registered_Then_a_signed_certificate_that_verifies()
    {
        var (e, state) = Spec().Given(Submitted, ReviewStarted)
            .Then<AssetRegistered>(new RegisterAsset(AssetId, new CertificateNumber(2026, 123), Operator, Now));

        Assert.Equal(AssetStatus.Registered, state.Status);
        Assert.Equal("XMDA-2026-000123", e.Certificate.Number);
        Assert.Equal(Signer.KeyId, e.Certificate.KeyId);
        Assert.True(CertificateVerifier.Verify(e.Certificate, Signer.PublicKey));
    }

    [Fact]
    public void Given_a_submitted_asset_When_registered_without_review_Then_conflict() =>
        Spec().Given(Submitted).Refuses<InvalidTransitionException>(new RegisterAsset(AssetId, new CertificateNumber(2026, 1), Operator, Now));

    [Fact]
    public void Given_an_asset_under_review_When_a_merchant_registers_it_Then_forbidden() =>
        Spec().Given(Submitted, ReviewStarted).Refuses<ForbiddenException>(new RegisterAsset(AssetId, new CertificateNumber(2026, 1), Merchant, Now));

    [Fact]
    public void Given_an_asset_under_review_When_rejected_with_a_reason_Then_rejected()
    {
        var (_, state) = Spec().Given(Submitted, ReviewStarted).Then<AssetRejected>(new RejectAsset(AssetId, "No legal basis shown", Operator, Now));

        Assert.Equal(AssetStatus.Rejected, state.Status);
        Assert.Equal("No legal basis shown", state.RejectionReason);
    }

    [Fact]
    public void Given_an_asset_under_review_When_rejected_without_a_reason_Then_invalid_input() =>
        Spec().Given(Submitted, ReviewStarted).Refuses<InvalidInputException>(new RejectAsset(AssetId, "", Operator, Now));

    [Fact]
    public void Given_a_submitted_asset_When_rejected_Then_conflict() =>
        Spec().Given(Submitted).Refuses<InvalidTransitionException>(new RejectAsset(AssetId, "x", Operator, Now));

    [Fact]
    public void Given_a_rejected_asset_When_the_owner_amends_Then_it_is_resubmitted()
    {
        var (_, state) = Spec().Given(Submitted, ReviewStarted, new AssetRejected(AssetId, "x", Operator.Id, Now))
            .Then<AssetAmended>(new AmendAsset(AssetId, Details("公交刷卡记录（修订）"), Merchant, Now));

        Assert.Equal(AssetStatus.Submitted, state.Status);
        Assert.Equal("公交刷卡记录（修订）", state.Details.Title.Zh);
        Assert.Null(state.RejectionReason);
    }

    [Fact]
    public void Given_a_submitted_asset_When_the_owner_amends_Then_amended_and_still_submitted()
    {
        var (_, state) = Spec().Given(Submitted).Then<AssetAmended>(new AmendAsset(AssetId, Details("新"), Merchant, Now));

        Assert.Equal(AssetStatus.Submitted, state.Status);
    }

    [Fact]
    public void Given_an_asset_under_review_When_amended_Then_conflict() =>
        Spec().Given(Submitted, ReviewStarted).Refuses<InvalidTransitionException>(new AmendAsset(AssetId, Details(), Merchant, Now));

    [Fact]
    public void Given_a_registered_asset_When_amended_Then_conflict() =>
        Spec().Given(Submitted, ReviewStarted, Registered).Refuses<InvalidTransitionException>(new AmendAsset(AssetId, Details(), Merchant, Now));

    [Fact]
    public void Given_a_submitted_asset_When_another_organisation_amends_Then_forbidden() =>
        Spec().Given(Submitted).Refuses<ForbiddenException>(new AmendAsset(AssetId, Details(), OtherMerchant, Now));

    [Fact]
    public void Given_a_submitted_asset_When_amended_with_invalid_details_Then_invalid_input() =>
        Spec().Given(Submitted).Refuses<InvalidInputException>(new AmendAsset(AssetId, Details() with { Schema = [] }, Merchant, Now));

    [Fact]
    public void Given_a_registered_asset_When_anyone_objects_Then_objected()
    {
        var (_, state) = Spec().Given(Submitted, ReviewStarted, Registered)
            .Then<AssetObjectionRaised>(new RaiseAssetObjection(AssetId, "Contains data we own", OtherMerchant, Now));

        Assert.Equal(AssetStatus.Objected, state.Status);
        Assert.Equal("Contains data we own", state.OpenObjection);
    }

    [Fact]
    public void Given_a_submitted_asset_When_objected_Then_conflict() =>
        Spec().Given(Submitted).Refuses<InvalidTransitionException>(new RaiseAssetObjection(AssetId, "x", OtherMerchant, Now));

    [Fact]
    public void Given_a_registered_asset_When_objected_without_reason_Then_invalid_input() =>
        Spec().Given(Submitted, ReviewStarted, Registered).Refuses<InvalidInputException>(new RaiseAssetObjection(AssetId, "", OtherMerchant, Now));

    [Fact]
    public void Given_an_objected_asset_When_the_owner_amends_Then_amended_and_still_objected()
    {
        var (_, state) = Spec().Given(Submitted, ReviewStarted, Registered, new AssetObjectionRaised(AssetId, "x", OtherMerchant.Id, Now))
            .Then<AssetAmended>(new AmendAsset(AssetId, Details("改"), Merchant, Now));

        Assert.Equal(AssetStatus.Objected, state.Status);
    }

    [Fact]
    public void Given_an_objected_asset_When_an_operator_resolves_Then_registered_again()
    {
        var (_, state) = Spec().Given(Submitted, ReviewStarted, Registered, new AssetObjectionRaised(AssetId, "x", OtherMerchant.Id, Now))
            .Then<AssetObjectionResolved>(new ResolveAssetObjection(AssetId, "Ownership confirmed", Operator, Now));

        Assert.Equal(AssetStatus.Registered, state.Status);
        Assert.Null(state.OpenObjection);
    }

    [Fact]
    public void Given_a_registered_asset_When_an_objection_is_resolved_Then_conflict() =>
        Spec().Given(Submitted, ReviewStarted, Registered).Refuses<InvalidTransitionException>(new ResolveAssetObjection(AssetId, "x", Operator, Now));

    [Fact]
    public void Given_an_objected_asset_When_the_owner_resolves_Then_forbidden() =>
        Spec().Given(Submitted, ReviewStarted, Registered, new AssetObjectionRaised(AssetId, "x", OtherMerchant.Id, Now))
            .Refuses<ForbiddenException>(new ResolveAssetObjection(AssetId, "x", Merchant, Now));

    [Theory]
    [InlineData("operator")]
    [InlineData("regulator")]
    [InlineData("owner")]
    public void Given_a_registered_asset_When_revoked_by_an_allowed_actor_Then_revoked(string who)
    {
        var caller = who switch { "operator" => Operator, "regulator" => Regulator, _ => Merchant };

        var (_, state) = Spec().Given(Submitted, ReviewStarted, Registered).Then<AssetRevoked>(new RevokeAsset(AssetId, "Source closed", caller, Now));

        Assert.Equal(AssetStatus.Revoked, state.Status);
    }

    [Fact]
    public void Given_an_objected_asset_When_revoked_Then_revoked() =>
        Spec().Given(Submitted, ReviewStarted, Registered, new AssetObjectionRaised(AssetId, "x", OtherMerchant.Id, Now))
            .Then<AssetRevoked>(new RevokeAsset(AssetId, "Objection upheld", Operator, Now));

    [Fact]
    public void Given_a_registered_asset_When_another_organisation_revokes_Then_forbidden() =>
        Spec().Given(Submitted, ReviewStarted, Registered).Refuses<ForbiddenException>(new RevokeAsset(AssetId, "x", OtherMerchant, Now));

    [Fact]
    public void Given_a_revoked_asset_When_revoked_again_Then_conflict() =>
        Spec().Given(Submitted, ReviewStarted, Registered, new AssetRevoked(AssetId, "x", Operator.Id, Now))
            .Refuses<InvalidTransitionException>(new RevokeAsset(AssetId, "x", Operator, Now));

    [Fact]
    public void Given_a_submitted_asset_When_revoked_Then_conflict() =>
        Spec().Given(Submitted).Refuses<InvalidTransitionException>(new RevokeAsset(AssetId, "x", Operator, Now));

    [Fact]
    public void Given_a_registered_asset_When_revoked_without_reason_Then_invalid_input() =>
        Spec().Given(Submitted, ReviewStarted, Registered).Refuses<InvalidInputException>(new RevokeAsset(AssetId, "", Operator, Now));
}
