using Npgsql;

namespace DataPort.Identity.Clients;

/// <summary>OAuth clients and their hashed secrets in <c>identity.clients</c> / <c>identity.client_secrets</c>.</summary>
public sealed class ClientStore(NpgsqlDataSource dataSource)
{
    private const string ClientColumns =
        "client_id, organisation_id, name, allowed_scopes, allowed_grant_types, enabled, created_at, created_by";

    public async Task CreateAsync(OAuthClient client, ClientSecretInfo secret, byte[] secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO identity.clients ({ClientColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = client.ClientId });
            insert.Parameters.Add(new() { Value = client.OrganisationId });
            insert.Parameters.Add(new() { Value = client.Name });
            insert.Parameters.Add(new() { Value = client.AllowedScopes.ToArray() });
            insert.Parameters.Add(new() { Value = client.AllowedGrantTypes.ToArray() });
            insert.Parameters.Add(new() { Value = client.Enabled });
            insert.Parameters.Add(new() { Value = client.CreatedAt });
            insert.Parameters.Add(new() { Value = client.CreatedBy });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertSecretAsync(connection, transaction, client.ClientId, secret, secretHash, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OAuthClient>> ListAsync(string organisationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ClientColumns} FROM identity.clients WHERE organisation_id = $1 ORDER BY created_at, client_id");
        command.Parameters.Add(new() { Value = organisationId });
        var clients = new List<OAuthClient>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                clients.Add(ReadClient(reader, []));
            }
        }
        var secrets = await ReadSecretsAsync(clients.Select(c => c.ClientId).ToArray(), cancellationToken);
        return clients.Select(c => c with { Secrets = secrets.GetValueOrDefault(c.ClientId, []) }).ToList();
    }

    /// <summary>The client of that organisation, or null (a client of another organisation is not found).</summary>
    public async Task<OAuthClient?> FindAsync(string organisationId, string clientId, CancellationToken cancellationToken)
    {
        var client = await FindAsync(clientId, cancellationToken);
        return client?.OrganisationId == organisationId ? client : null;
    }

    public async Task<OAuthClient?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ClientColumns} FROM identity.clients WHERE client_id = $1");
        command.Parameters.Add(new() { Value = clientId });
        OAuthClient client;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            client = ReadClient(reader, []);
        }
        var secrets = await ReadSecretsAsync([clientId], cancellationToken);
        return client with { Secrets = secrets.GetValueOrDefault(clientId, []) };
    }

    /// <summary>The client and the hashes of its secrets, for authenticating a request at the token endpoint.</summary>
    public async Task<(OAuthClient Client, IReadOnlyList<(ClientSecretInfo Info, byte[] Hash)> Secrets)?> FindForAuthenticationAsync(
        string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.client_id, c.organisation_id, c.name, c.allowed_scopes, c.allowed_grant_types, c.enabled, c.created_at,
                   c.created_by, s.id, s.description, s.created_at, s.expires_at, s.sha256
            FROM identity.clients c LEFT JOIN identity.client_secrets s USING (client_id)
            WHERE c.client_id = $1
            """);
        command.Parameters.Add(new() { Value = clientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        OAuthClient? client = null;
        var secrets = new List<(ClientSecretInfo, byte[])>();
        while (await reader.ReadAsync(cancellationToken))
        {
            client ??= ReadClient(reader, []);
            if (!reader.IsDBNull(8))
            {
                secrets.Add((ReadSecret(reader, 8), reader.GetFieldValue<byte[]>(12)));
            }
        }
        return client is null ? null : (client with { Secrets = secrets.Select(s => s.Item1).ToList() }, secrets);
    }

    /// <summary>Adds a secret to a client of that organisation; false when there is no such client.</summary>
    public async Task<bool> AddSecretAsync(
        string organisationId, string clientId, ClientSecretInfo secret, byte[] secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand(
            "SELECT 1 FROM identity.clients WHERE client_id = $1 AND organisation_id = $2 FOR UPDATE", connection, transaction))
        {
            check.Parameters.Add(new() { Value = clientId });
            check.Parameters.Add(new() { Value = organisationId });
            if (await check.ExecuteScalarAsync(cancellationToken) is null)
            {
                return false;
            }
        }
        await InsertSecretAsync(connection, transaction, clientId, secret, secretHash, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Sets a secret's expiry (never later than an earlier one); false when there is no such secret.</summary>
    public async Task<bool> ExpireSecretAsync(
        string organisationId, string clientId, Guid secretId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE identity.client_secrets s SET expires_at = LEAST(COALESCE(s.expires_at, $4), $4)
            FROM identity.clients c
            WHERE s.id = $3 AND s.client_id = $2 AND c.client_id = s.client_id AND c.organisation_id = $1
            """);
        command.Parameters.Add(new() { Value = organisationId });
        command.Parameters.Add(new() { Value = clientId });
        command.Parameters.Add(new() { Value = secretId });
        command.Parameters.Add(new() { Value = at });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetEnabledAsync(string organisationId, string clientId, bool enabled, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE identity.clients SET enabled = $3 WHERE client_id = $2 AND organisation_id = $1");
        command.Parameters.Add(new() { Value = organisationId });
        command.Parameters.Add(new() { Value = clientId });
        command.Parameters.Add(new() { Value = enabled });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string organisationId, string clientId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM identity.clients WHERE client_id = $2 AND organisation_id = $1");
        command.Parameters.Add(new() { Value = organisationId });
        command.Parameters.Add(new() { Value = clientId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task InsertSecretAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string clientId, ClientSecretInfo secret, byte[] hash,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO identity.client_secrets (id, client_id, sha256, description, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = secret.Id });
        insert.Parameters.Add(new() { Value = clientId });
        insert.Parameters.Add(new() { Value = hash });
        insert.Parameters.Add(new() { Value = (object?)secret.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = secret.CreatedAt });
        insert.Parameters.Add(new() { Value = (object?)secret.ExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<string, List<ClientSecretInfo>>> ReadSecretsAsync(string[] clientIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT client_id, id, description, created_at, expires_at FROM identity.client_secrets
            WHERE client_id = ANY($1) ORDER BY created_at, id
            """);
        command.Parameters.Add(new() { Value = clientIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new Dictionary<string, List<ClientSecretInfo>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var clientId = reader.GetString(0);
            if (!secrets.TryGetValue(clientId, out var list))
            {
                secrets[clientId] = list = [];
            }
            list.Add(ReadSecret(reader, 1));
        }
        return secrets;
    }

    private static OAuthClient ReadClient(NpgsqlDataReader reader, IReadOnlyList<ClientSecretInfo> secrets) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<string[]>(3),
        reader.GetFieldValue<string[]>(4),
        reader.GetBoolean(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.GetString(7),
        secrets);

    private static ClientSecretInfo ReadSecret(NpgsqlDataReader reader, int first) => new(
        reader.GetGuid(first),
        reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
        reader.GetFieldValue<DateTimeOffset>(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetFieldValue<DateTimeOffset>(first + 3));
}
