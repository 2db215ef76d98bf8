namespace DataPort.Domain.Organisations;

/// <summary>
/// A regulator stopped every app of the organisation: no token is issued to them, and tokens already issued are
/// refused on the next call. The organisation's people can still sign in; its grants keep their state.
/// </summary>
public sealed record OrganisationAppsSuspended(string OrganisationId, string Reason, string By, DateTimeOffset At);

public sealed record OrganisationAppsResumed(string OrganisationId, string Reason, string By, DateTimeOffset At);

/// <summary>
/// One of the organisation's apps was locked out from an address after repeated wrong secrets, until <c>Until</c>: a
/// sign that its client id is being guessed at, or that a deployment uses an old secret.
/// </summary>
public sealed record OrganisationAppSignInLocked(string OrganisationId, string ClientId, string Address, int Failures, DateTimeOffset Until);
