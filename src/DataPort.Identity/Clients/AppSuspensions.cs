using Npgsql;

namespace DataPort.Identity.Clients;

/// <summary>
/// Organisations whose apps a regulator has suspended (<c>identity.organisations.apps_suspended_*</c>). The token
/// endpoint asks before issuing; <see cref="Protocol.LiveTokens"/> refuses tokens already issued, on every node.
/// </summary>
public sealed class AppSuspensions(NpgsqlDataSource dataSource)
{
    /// <summary>Why the organisation's apps are suspended; null when they are not.</summary>
    public async Task<string?> ReasonAsync(string organisationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT apps_suspended_reason FROM identity.organisations WHERE id = $1");
        command.Parameters.Add(new() { Value = organisationId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Suspends (a <paramref name="reason"/>) or resumes (null) inside the caller's transaction, so the event that records
    /// it commits with it; the organisation's row stays locked until then, so two regulators cannot both change it.
    /// </summary>
    public static async Task<SuspensionChange> SetAsync(
        NpgsqlTransaction transaction, string organisationId, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var current = new NpgsqlCommand(
            "SELECT apps_suspended_at IS NOT NULL FROM identity.organisations WHERE id = $1 FOR UPDATE", transaction.Connection, transaction))
        {
            current.Parameters.Add(new() { Value = organisationId });
            switch (await current.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    return SuspensionChange.NoSuchOrganisation;
                case bool suspended when suspended == (reason is not null):
                    return SuspensionChange.AlreadySo;
            }
        }
        await using var command = new NpgsqlCommand(
            "UPDATE identity.organisations SET apps_suspended_reason = $2, apps_suspended_at = $3 WHERE id = $1",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = organisationId });
        command.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = reason is null ? DBNull.Value : at, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return SuspensionChange.Changed;
    }
}

public enum SuspensionChange
{
    Changed,
    AlreadySo,
    NoSuchOrganisation,
}
