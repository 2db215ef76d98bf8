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
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Every organisation, by id: a city's port has hundreds, not millions.</summary>
    public async Task<IReadOnlyList<Organisation>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM identity.organisations ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<Organisation>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var organisations = new List<Organisation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            organisations.Add(new Organisation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return organisations;
    }
}
