namespace DataPort.Domain.Organisations;

/// <summary>
/// A regulator stopped every app of the organisation: no token is issued to them, and tokens already issued are
/// refused on the next call. The organisation's people can still sign in; its grants keep their state.
/// </summary>
public sealed record OrganisationAppsSuspended(string OrganisationId, string Reason, string By, DateTimeOffset At);

public sealed record OrganisationAppsResumed(string OrganisationId, string Reason, string By, DateTimeOffset At);
