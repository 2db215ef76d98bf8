using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Grants;

public sealed class AccessGrantTests
{
    private static Spec<AccessGrant, GrantCommand, IGrantEvent> Spec() => new(AccessGrantDecider.Instance);

    private static readonly DateTimeOffset Now = IssuedAt.AddDays(1);

    private static RequestAccess Request(Dataset? dataset = null, string licence = "sandbox", IReadOnlyList<string>? fields = null,
        int term = 30, int? version = null, Caller? by = null, string purpose = "Route planning research") =>
        new(GrantId, dataset ?? PublishedDataset(), purpose, fields ?? ["stop_id", "tapped_at"], term, licence, version, by ?? Developer, T0.AddDays(2));

    private static ApproveGrant Approve(IReadOnlyList<string>? fields = null, int? term = null, GrantQuota? quota = null, Caller? by = null) =>
        new(GrantId, fields, term, quota ?? new GrantQuota(10, 1000, 0), by ?? Merchant, IssuedAt);

    [Fact]
    public void Given_a_published_dataset_When_a_developer_requests_access_Then_requested_with_the_licence_copied()
    {
        var (e, state) = Spec().Then<AccessRequested>(Request(licence: "download"));

        Assert.Equal(GrantStatus.Requested, state.Status);
        Assert.Equal(DeveloperOrg, e.DeveloperOrganisationId);
        Assert.Equal(OwnerOrg, e.OwnerOrganisationId);
        Assert.True(e.Licence.DownloadAllowed);
    }

    [Fact]
    public void Given_a_grant_When_requested_again_Then_conflict() =>
        Spec().Given(Requested()).Refuses<InvalidTransitionException>(Request());

    [Fact]
    public void Given_a_published_dataset_When_a_merchant_requests_access_Then_forbidden() =>
        Spec().Refuses<ForbiddenException>(Request(by: OtherMerchant));

    [Fact]
    public void Given_no_dataset_When_access_is_requested_Then_not_found() =>
        Spec().Refuses<NotFoundException>(Request() with { Dataset = null });

    [Fact]
    public void Given_a_draft_dataset_When_access_is_requested_Then_conflict() =>
        Spec().Refuses<InvalidTransitionException>(Request(DatasetOf(Created, Version1, Option(SandboxLicence))));

    [Fact]
    public void Given_a_suspended_dataset_When_access_is_requested_Then_conflict() =>
        Spec().Refuses<InvalidTransitionException>(Request(PublishedDataset() with { Suspension = new Suspension("x", Regulator.Id, T0) }));

    [Theory]
    [InlineData("licence")]
    [InlineData("purpose")]
    [InlineData("no-fields")]
    [InlineData("unknown-field")]
    [InlineData("duplicate-field")]
    [InlineData("term-too-long")]
    [InlineData("term-zero")]
    [InlineData("version")]
    public void Given_a_published_dataset_When_a_request_is_invalid_Then_invalid_input(string broken)
    {
        var command = broken switch
        {
            "licence" => Request(licence: "gold"),
            "purpose" => Request(purpose: " "),
            "no-fields" => Request(fields: []),
            "unknown-field" => Request(fields: ["salary"]),
            "duplicate-field" => Request(fields: ["stop_id", "stop_id"]),
            "term-too-long" => Request(term: 366),
            "term-zero" => Request(term: 0),
            _ => Request(version: 7),
        };

        Spec().Refuses<InvalidInputException>(command);
    }

    [Fact]
    public void Given_a_request_When_the_owner_approves_as_requested_Then_active_until_the_term_ends()
    {
        var (e, state) = Spec().Given(Requested()).Then<GrantIssued>(Approve());

        Assert.Equal(GrantStatus.Active, state.Status);
        Assert.Equal(["stop_id", "tapped_at"], state.GrantedFields);
        Assert.Equal(IssuedAt.AddDays(30), e.ExpiresAt);
    }

    [Fact]
    public void Given_a_request_When_the_owner_narrows_fields_and_term_Then_the_grant_is_narrower()
    {
        var (e, _) = Spec().Given(Requested()).Then<GrantIssued>(Approve(fields: ["stop_id"], term: 7));

        Assert.Equal(["stop_id"], e.Fields);
        Assert.Equal(IssuedAt.AddDays(7), e.ExpiresAt);
    }

    [Theory]
    [InlineData("widen-fields")]
    [InlineData("no-fields")]
    [InlineData("widen-term")]
    [InlineData("negative-quota")]
    [InlineData("download-quota-on-sandbox")]
    public void Given_a_request_When_an_approval_widens_or_is_malformed_Then_invalid_input(string broken)
    {
        var command = broken switch
        {
            "widen-fields" => Approve(fields: ["stop_id", "card_no"]),
            "no-fields" => Approve(fields: []),
            "widen-term" => Approve(term: 31),
            "negative-quota" => Approve(quota: new GrantQuota(-1, null, null)),
            _ => Approve(quota: new GrantQuota(null, null, 1)),
        };

        Spec().Given(Requested()).Refuses<InvalidInputException>(command);
    }

    [Fact]
    public void Given_a_request_When_another_organisation_approves_Then_forbidden() =>
        Spec().Given(Requested()).Refuses<ForbiddenException>(Approve(by: OtherMerchant));

    [Fact]
    public void Given_a_request_When_the_developer_approves_it_themselves_Then_forbidden() =>
        Spec().Given(Requested()).Refuses<ForbiddenException>(Approve(by: Developer));

    [Fact]
    public void Given_an_active_grant_When_approved_again_Then_conflict() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidTransitionException>(Approve());

    [Fact]
    public void Given_nothing_When_approved_Then_not_found() =>
        Spec().Refuses<NotFoundException>(Approve());

    [Fact]
    public void Given_a_request_When_the_owner_denies_with_a_reason_Then_denied()
    {
        var (_, state) = Spec().Given(Requested()).Then<AccessDenied>(new DenyGrant(GrantId, "Purpose too broad", Merchant, Now));

        Assert.Equal(GrantStatus.Denied, state.Status);
        Assert.Equal("Purpose too broad", state.StatusReason);
    }

    [Fact]
    public void Given_a_request_When_denied_without_a_reason_Then_invalid_input() =>
        Spec().Given(Requested()).Refuses<InvalidInputException>(new DenyGrant(GrantId, "", Merchant, Now));

    [Fact]
    public void Given_a_request_When_another_organisation_denies_Then_forbidden() =>
        Spec().Given(Requested()).Refuses<ForbiddenException>(new DenyGrant(GrantId, "x", OtherMerchant, Now));

    [Fact]
    public void Given_a_denied_request_When_approved_Then_conflict() =>
        Spec().Given(Requested(), new AccessDenied(GrantId, "x", Merchant.Id, Now)).Refuses<InvalidTransitionException>(Approve());

    [Fact]
    public void Given_an_active_grant_When_denied_Then_conflict() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidTransitionException>(new DenyGrant(GrantId, "x", Merchant, Now));

    [Fact]
    public void Given_an_active_grant_When_the_regulator_suspends_and_resumes_Then_active_again()
    {
        var spec = Spec().Given(Requested(), Issued());

        var (_, suspended) = spec.Then<GrantSuspended>(new SuspendGrant(GrantId, "Audit", Regulator, Now));
        Assert.Equal(GrantStatus.Suspended, suspended.Status);
        var (_, resumed) = spec.Then<GrantResumed>(new ResumeGrant(GrantId, "checked", Regulator, Now));
        Assert.Equal(GrantStatus.Active, resumed.Status);
    }

    [Fact]
    public void Given_an_active_grant_When_the_owner_suspends_Then_forbidden() =>
        Spec().Given(Requested(), Issued()).Refuses<ForbiddenException>(new SuspendGrant(GrantId, "x", Merchant, Now));

    [Fact]
    public void Given_an_active_grant_When_suspended_without_reason_Then_invalid_input() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidInputException>(new SuspendGrant(GrantId, "", Regulator, Now));

    [Fact]
    public void Given_a_request_When_suspended_Then_conflict() =>
        Spec().Given(Requested()).Refuses<InvalidTransitionException>(new SuspendGrant(GrantId, "x", Regulator, Now));

    [Fact]
    public void Given_an_active_grant_When_resumed_Then_conflict() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidTransitionException>(new ResumeGrant(GrantId, "checked", Regulator, Now));

    [Fact]
    public void Given_a_suspended_grant_When_the_regulator_resumes_without_a_reason_Then_it_is_refused() =>
        Spec().Given(Requested(), Issued(), new GrantSuspended(GrantId, "x", Regulator.Id, Now)).Refuses<InvalidInputException>(new ResumeGrant(GrantId, "", Regulator, Now));

    [Fact]
    public void Given_a_suspended_grant_When_the_owner_resumes_Then_forbidden() =>
        Spec().Given(Requested(), Issued(), new GrantSuspended(GrantId, "x", Regulator.Id, Now)).Refuses<ForbiddenException>(new ResumeGrant(GrantId, "checked", Merchant, Now));

    [Fact]
    public void Given_a_suspended_grant_past_its_end_When_resumed_Then_conflict() =>
        Spec().Given(Requested(), Issued(), new GrantSuspended(GrantId, "x", Regulator.Id, Now))
            .Refuses<InvalidTransitionException>(new ResumeGrant(GrantId, "checked", Regulator, IssuedAt.AddDays(31)));

    [Theory]
    [InlineData("owner", false)]
    [InlineData("regulator", false)]
    [InlineData("owner", true)]
    public void Given_an_active_or_suspended_grant_When_revoked_by_owner_or_regulator_Then_revoked(string who, bool suspended)
    {
        var spec = Spec().Given(Requested(), Issued());
        if (suspended)
        {
            spec.Given(new GrantSuspended(GrantId, "x", Regulator.Id, Now));
        }

        var (_, state) = spec.Then<GrantRevoked>(new RevokeGrant(GrantId, "Terms breached", who == "owner" ? Merchant : Regulator, Now));

        Assert.Equal(GrantStatus.Revoked, state.Status);
    }

    [Fact]
    public void Given_an_active_grant_When_the_developer_revokes_Then_forbidden() =>
        Spec().Given(Requested(), Issued()).Refuses<ForbiddenException>(new RevokeGrant(GrantId, "x", Developer, Now));

    [Fact]
    public void Given_an_active_grant_When_revoked_without_reason_Then_invalid_input() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidInputException>(new RevokeGrant(GrantId, "", Merchant, Now));

    [Fact]
    public void Given_a_revoked_grant_When_revoked_again_Then_conflict() =>
        Spec().Given(Requested(), Issued(), new GrantRevoked(GrantId, "x", Merchant.Id, Now)).Refuses<InvalidTransitionException>(new RevokeGrant(GrantId, "x", Merchant, Now));

    [Fact]
    public void Given_a_revoked_grant_When_resumed_or_suspended_Then_conflict()
    {
        var spec = Spec().Given(Requested(), Issued(), new GrantRevoked(GrantId, "x", Merchant.Id, Now));

        spec.Refuses<InvalidTransitionException>(new ResumeGrant(GrantId, "checked", Regulator, Now));
        spec.Refuses<InvalidTransitionException>(new SuspendGrant(GrantId, "x", Regulator, Now));
    }

    [Fact]
    public void Given_an_active_grant_past_its_end_When_expired_Then_expired()
    {
        var (_, state) = Spec().Given(Requested(), Issued()).Then<GrantExpired>(new ExpireGrant(GrantId, Caller.System, IssuedAt.AddDays(30)));

        Assert.Equal(GrantStatus.Expired, state.Status);
    }

    [Fact]
    public void Given_a_suspended_grant_past_its_end_When_expired_Then_expired() =>
        Spec().Given(Requested(), Issued(), new GrantSuspended(GrantId, "x", Regulator.Id, Now))
            .Then<GrantExpired>(new ExpireGrant(GrantId, Caller.System, IssuedAt.AddDays(40)));

    [Fact]
    public void Given_an_active_grant_before_its_end_When_expired_Then_conflict() =>
        Spec().Given(Requested(), Issued()).Refuses<InvalidTransitionException>(new ExpireGrant(GrantId, Caller.System, IssuedAt.AddDays(29)));

    [Fact]
    public void Given_a_request_When_expired_Then_conflict() =>
        Spec().Given(Requested()).Refuses<InvalidTransitionException>(new ExpireGrant(GrantId, Caller.System, IssuedAt.AddDays(400)));

    [Fact]
    public void Given_an_active_grant_When_the_developer_records_uses_Then_consumption_adds_up()
    {
        var spec = Spec().Given(Requested(licence: DownloadLicence), Issued());
        var query = new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 100);
        var download = new GrantUse(DatasetId, 1, ["stop_id"], UseKind.Download, 500);

        spec.Then<GrantUsageRecorded>(new RecordUsage(GrantId, query, Developer, Now));
        var (_, state) = spec.Then<GrantUsageRecorded>(new RecordUsage(GrantId, download, Developer, Now));

        Assert.Equal(new GrantUsage(1, 600, 1), state.Usage);
    }

    [Fact]
    public void Given_an_active_grant_When_another_organisation_records_use_Then_forbidden() =>
        Spec().Given(Requested(), Issued()).Refuses<ForbiddenException>(
            new RecordUsage(GrantId, new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 1), OtherMerchant, Now));

    [Fact]
    public void Given_a_used_up_quota_When_the_next_use_is_checked_Then_it_is_refused_with_the_reason()
    {
        var (_, state) = Spec().Given(Requested(), Issued(new GrantQuota(1, null, null)))
            .Then<GrantUsageRecorded>(new RecordUsage(GrantId, new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 1), Developer, Now));

        var decision = GrantAuthorization.Authorize(state, new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 0), Now);

        Assert.Equal("quota-exhausted", Assert.IsType<Denied>(decision).Code);
        Assert.Contains("query quota", ((Denied)decision).Reason);
    }

    [Fact]
    public void Given_an_active_grant_on_a_suspended_dataset_When_a_use_is_checked_Then_it_is_refused_naming_the_suspension()
    {
        var (_, state) = Spec().Given(Requested()).Then<GrantIssued>(
            new ApproveGrant(GrantId, null, null, GrantQuota.Unlimited, Merchant, Now));
        var use = new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 0);

        var decision = GrantAuthorization.Authorize(state, use, Now, new Suspension("source under audit", "u-reg", Now));

        var denied = Assert.IsType<Denied>(decision);
        Assert.Equal("dataset-suspended", denied.Code);
        Assert.Contains("source under audit", denied.Reason);
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(state, use, Now));
    }

    [Fact]
    public void Given_a_use_that_ran_past_a_quota_When_recorded_Then_it_is_kept_so_no_use_is_lost()
    {
        var spec = Spec().Given(Requested(), Issued(new GrantQuota(1, null, null)),
            new GrantUsageRecorded(GrantId, UseKind.SandboxQuery, 1, Developer.Id, Now));

        var (_, state) = spec.Then<GrantUsageRecorded>(
            new RecordUsage(GrantId, new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 1), Developer, Now));

        Assert.Equal(2, state.Usage.Queries);
    }

    [Fact]
    public void Given_a_refused_attempt_When_recorded_Then_it_consumes_nothing()
    {
        var (_, state) = Spec().Given(Requested(), Issued(new GrantQuota(1, null, null))).Then<GrantUsageRecorded>(
            new RecordUsage(GrantId, new GrantUse(DatasetId, 1, ["stop_id"], UseKind.SandboxQuery, 0), Developer, Now, UseOutcomes.Denied("quota-exhausted")));

        Assert.Equal(GrantUsage.None, state.Usage);
    }
}
