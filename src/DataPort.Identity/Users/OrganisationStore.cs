using Npgsql;

namespace DataPort.Identity.Users;

/// <summary>The organisations people and apps act for, in <c>identity.organisations</c>: DataPort's own model, not Identity's.</summary>
public sealed class OrganisationStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates the organisation; false when the id is taken.</summary>
    public async Task<bool> TryCreateAsync(Organisation organisation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO identity.organisations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING");
        command.Parameters.Add(new() { Value = organisation.Id });
        command.Parameters.Add(new() { Value = organisation.Name });
        command.Parameters.Add(new() { Value = organisation.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Organisation?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM identity.organisations WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Organisation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }
}
