namespace DataPort.EventStore.Tests;

public sealed record GrantIssued(string GrantId, string IssuedBy, DateTimeOffset IssuedAt);

public sealed record GrantRevoked(string GrantId, string RevokedBy, string Reason);

public sealed record Counted(int Writer, int Number);

public static class SampleEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<GrantIssued>("grant.issued")
        .Register<GrantRevoked>("grant.revoked")
        .Register<Counted>("test.counted");

    public static GrantIssued Issued(string grantId) => new(grantId, "u-1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
