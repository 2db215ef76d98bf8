using DataPort.Domain.Grants;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Grants;

public sealed class AuthorizeTests
{
    private static readonly DateTimeOffset Now = IssuedAt.AddDays(1);

    private static AccessGrant Grant(params IGrantEvent[] events)
    {
        AccessGrant? s = null;
        foreach (var e in events)
        {
            s = AccessGrantDecider.Instance.Evolve(s, e);
        }
        return s!;
    }

    private static AccessGrant Active(GrantQuota? quota = null, Domain.Datasets.LicenceOption? licence = null, int? version = null) =>
        Grant(Requested(licence, version), Issued(quota));

    private static GrantUse Use(UseKind kind = UseKind.SandboxQuery, long rows = 10, string[]? fields = null, string dataset = DatasetId, int version = 1) =>
        new(dataset, version, fields ?? ["stop_id"], kind, rows);

    private static void Denied(AccessGrant grant, GrantUse use, string reasonPart, DateTimeOffset? at = null)
    {
        var denied = Assert.IsType<Denied>(GrantAuthorization.Authorize(grant, use, at ?? Now));
        Assert.Contains(reasonPart, denied.Reason);
    }

    [Fact]
    public void Given_an_active_grant_When_a_granted_query_is_made_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(), Use(), Now));

    [Fact]
    public void Given_an_active_download_licence_When_a_download_is_made_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(licence: DownloadLicence), Use(UseKind.Download), Now));

    [Fact]
    public void Given_an_aggregate_only_licence_When_an_aggregate_is_made_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(licence: AggregateLicence), Use(UseKind.Aggregate), Now));

    [Fact]
    public void Given_an_aggregate_only_licence_When_an_exact_min_or_max_is_asked_Then_denied_as_a_single_rows_value() =>
        Denied(Active(licence: AggregateLicence), Use(UseKind.Aggregate) with { ExactExtremes = true }, "single row's value");

    [Fact]
    public void Given_a_row_level_licence_When_an_exact_min_or_max_is_asked_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(), Use(UseKind.Aggregate) with { ExactExtremes = true }, Now));

    [Fact]
    public void Given_a_request_not_yet_approved_Then_denied() => Denied(Grant(Requested()), Use(), "not been approved");

    [Fact]
    public void Given_a_denied_request_Then_denied() =>
        Denied(Grant(Requested(), new AccessDenied(GrantId, "too broad", Merchant.Id, Now)), Use(), "denied (too broad)");

    [Fact]
    public void Given_a_suspended_grant_Then_denied() =>
        Denied(Grant(Requested(), Issued(), new GrantSuspended(GrantId, "audit", Regulator.Id, Now)), Use(), "suspended");

    [Fact]
    public void Given_a_revoked_grant_Then_denied() =>
        Denied(Grant(Requested(), Issued(), new GrantRevoked(GrantId, "breach", Merchant.Id, Now)), Use(), "revoked");

    [Fact]
    public void Given_an_expired_grant_Then_denied() =>
        Denied(Grant(Requested(), Issued(), new GrantExpired(GrantId, "system", IssuedAt.AddDays(30))), Use(), "expired");

    [Fact]
    public void Given_an_active_grant_past_its_end_before_the_sweep_Then_denied() =>
        Denied(Active(), Use(), "expired at", IssuedAt.AddDays(30));

    [Fact]
    public void Given_an_active_grant_before_it_starts_Then_denied() =>
        Denied(Active(), Use(), "valid only from", IssuedAt.AddSeconds(-1));

    [Fact]
    public void Given_a_grant_for_one_dataset_When_another_is_used_Then_denied() => Denied(Active(), Use(dataset: "ds-2"), "not 'ds-2'");

    [Fact]
    public void Given_a_grant_pinned_to_a_version_When_another_version_is_used_Then_denied() =>
        Denied(Active(version: 1), Use(version: 2), "version 1 only");

    [Fact]
    public void Given_an_unpinned_grant_When_any_version_is_used_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(), Use(version: 5), Now));

    [Fact]
    public void Given_granted_fields_When_a_field_outside_them_is_requested_Then_denied() =>
        Denied(Active(), Use(fields: ["stop_id", "card_no"]), "card_no");

    [Fact]
    public void Given_a_grant_When_no_fields_are_named_Then_denied() => Denied(Active(), Use(fields: []), "no fields");

    [Fact]
    public void Given_a_grant_When_rows_are_negative_Then_denied() => Denied(Active(), Use(rows: -1), "negative");

    [Fact]
    public void Given_a_sandbox_only_licence_When_a_download_is_made_Then_denied() => Denied(Active(), Use(UseKind.Download), "sandbox-only");

    [Fact]
    public void Given_an_aggregate_only_licence_When_a_row_level_query_is_made_Then_denied() =>
        Denied(Active(licence: AggregateLicence), Use(UseKind.SandboxQuery), "aggregate queries only");

    [Fact]
    public void Given_a_used_up_query_quota_Then_denied()
    {
        var grant = Grant(Requested(), Issued(new GrantQuota(1, null, null)), new GrantUsageRecorded(GrantId, UseKind.Aggregate, 0, Developer.Id, Now));

        Denied(grant, Use(UseKind.Aggregate), "query quota of 1");
    }

    [Fact]
    public void Given_a_used_up_download_quota_Then_denied()
    {
        var grant = Grant(Requested(DownloadLicence), Issued(new GrantQuota(null, null, 1)), new GrantUsageRecorded(GrantId, UseKind.Download, 5, Developer.Id, Now));

        Denied(grant, Use(UseKind.Download), "download quota of 1");
    }

    [Fact]
    public void Given_a_row_quota_When_a_use_would_exceed_it_Then_denied_but_exactly_reaching_it_is_allowed()
    {
        var grant = Grant(Requested(), Issued(new GrantQuota(null, 100, null)), new GrantUsageRecorded(GrantId, UseKind.SandboxQuery, 60, Developer.Id, Now));

        Assert.IsType<Allowed>(GrantAuthorization.Authorize(grant, Use(rows: 40), Now));
        Denied(grant, Use(rows: 41), "row quota of 100");
    }

    [Fact]
    public void Given_an_unlimited_quota_When_used_heavily_Then_allowed() =>
        Assert.IsType<Allowed>(GrantAuthorization.Authorize(Active(GrantQuota.Unlimited), Use(rows: long.MaxValue / 2), Now));
}
