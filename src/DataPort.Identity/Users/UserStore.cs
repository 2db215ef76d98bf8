using Npgsql;

namespace DataPort.Identity.Users;

/// <summary>Organisations and user accounts in <c>identity.organisations</c> / <c>identity.users</c>.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string UserColumns =
        "id, organisation_id, email, display_name, roles, access_failed_count, lockout_end, created_at";

    /// <summary>Creates the organisation; false when the id is taken.</summary>
    public async Task<bool> TryCreateOrganisationAsync(Organisation organisation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO identity.organisations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING");
        command.Parameters.Add(new() { Value = organisation.Id });
        command.Parameters.Add(new() { Value = organisation.Name });
        command.Parameters.Add(new() { Value = organisation.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Organisation?> FindOrganisationAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, created_at FROM identity.organisations WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Organisation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <summary>Creates the user; false when the email is already registered.</summary>
    public async Task<bool> TryCreateUserAsync(UserAccount user, string passwordHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO identity.users (id, organisation_id, email, normalized_email, display_name, password_hash, roles, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (normalized_email) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = user.Id });
        command.Parameters.Add(new() { Value = user.OrganisationId });
        command.Parameters.Add(new() { Value = user.Email });
        command.Parameters.Add(new() { Value = Normalize(user.Email) });
        command.Parameters.Add(new() { Value = user.DisplayName });
        command.Parameters.Add(new() { Value = passwordHash });
        command.Parameters.Add(new() { Value = user.Roles.ToArray() });
        command.Parameters.Add(new() { Value = user.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(UserAccount User, string PasswordHash)?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {UserColumns}, password_hash FROM identity.users WHERE normalized_email = $1");
        command.Parameters.Add(new() { Value = Normalize(email) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (ReadUser(reader), reader.GetString(8)) : null;
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(string organisationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {UserColumns} FROM identity.users WHERE organisation_id = $1 ORDER BY email");
        command.Parameters.Add(new() { Value = organisationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }
        return users;
    }

    /// <summary>
    /// Counts a failed password in one statement, so concurrent attempts cannot slip past the limit; on reaching it
    /// the account is locked and the counter starts again (as ASP.NET Core Identity does). Returns the lockout end.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailedAttemptAsync(
        Guid userId, DateTimeOffset now, LockoutOptions lockout, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE identity.users SET
                lockout_end = CASE WHEN access_failed_count + 1 >= $2 THEN $3 ELSE lockout_end END,
                access_failed_count = CASE WHEN access_failed_count + 1 >= $2 THEN 0 ELSE access_failed_count + 1 END
            WHERE id = $1
            RETURNING lockout_end
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = lockout.MaxFailedAttempts });
        command.Parameters.Add(new() { Value = now + lockout.Duration });
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DateTime end ? new DateTimeOffset(end, TimeSpan.Zero) : null;
    }

    /// <summary>Clears failures and lockout after a good password; stores a re-hash when the hasher asked for one.</summary>
    public async Task RecordSuccessAsync(Guid userId, string? rehashedPassword, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE identity.users
            SET access_failed_count = 0, lockout_end = NULL, password_hash = COALESCE($2, password_hash)
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = (object?)rehashedPassword ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>ASP.NET Core Identity's normalisation: upper-case invariant.</summary>
    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    private static UserAccount ReadUser(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<string[]>(4),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetFieldValue<DateTimeOffset>(7));
}
