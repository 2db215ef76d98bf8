using Npgsql;

namespace DataPort.Identity.Clients;

/// <summary>
/// Slows down and then stops secret guessing at the token, introspection and revocation endpoints. Failures are counted
/// per client id from one source address, and per source address over all client ids (a sweep across clients), for an
/// hour. The first few are free; then each failure makes that pair wait twice as long; at
/// <see cref="LockoutAfter"/> the pair is locked out for <see cref="Lockout"/>, and the organisation that owns the
/// client learns of it through <see cref="IClientLockouts"/>. Keys are never the client id alone: someone guessing from
/// elsewhere cannot lock a client out of its own address. In the database, so every server process counts the same.
/// </summary>
public sealed class ClientSignInThrottle(NpgsqlDataSource dataSource, TimeProvider clock, IClientLockouts lockouts)
{
    public const int FreeFailures = 5;
    public const int LockoutAfter = 10;
    /// <summary>An address may fail this many times more over all client ids than for one.</summary>
    public const int AddressFactor = 4;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How long this client id must wait from this address before it is heard again; null when it need not.</summary>
    public async Task<TimeSpan?> WaitAsync(string clientId, string address, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT max(blocked_until) FROM identity.client_sign_in_failures WHERE key = ANY ($1)");
        command.Parameters.Add(new() { Value = new[] { PairKey(clientId, address), AddressKey(address) } });
        var now = clock.GetUtcNow();
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until && until > now.UtcDateTime
            ? new DateTimeOffset(until, TimeSpan.Zero) - now
            : null;
    }

    /// <summary>Counts a failure; <paramref name="organisationId"/> is the client's owner when the client id exists.</summary>
    public async Task FailedAsync(string clientId, string? organisationId, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pair = await CountAsync(PairKey(clientId, address), 1, now, cancellationToken);
        await CountAsync(AddressKey(address), AddressFactor, now, cancellationToken);
        if (pair == LockoutAfter && organisationId is not null)
        {
            await lockouts.RecordAsync(new ClientLockout(organisationId, clientId, address, pair, now + Lockout), cancellationToken);
        }
    }

    /// <summary>The right secret clears its pair's count (an address sweeping other clients stays counted).</summary>
    public async Task SucceededAsync(string clientId, string address, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM identity.client_sign_in_failures WHERE key = $1");
        command.Parameters.Add(new() { Value = PairKey(clientId, address) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The wait after the n-th failure of a key whose thresholds are multiplied by <paramref name="factor"/>.</summary>
    public static TimeSpan? BlockAfter(int failures, int factor)
    {
        if (failures >= LockoutAfter * factor)
        {
            return Lockout;
        }
        var over = failures - FreeFailures * factor;
        return over > 0 ? TimeSpan.FromSeconds(Math.Pow(2, Math.Min(over, 10))) : null;
    }

    private async Task<int> CountAsync(string key, int factor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int failures;
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO identity.client_sign_in_failures AS f (key, failures, last_failed_at) VALUES ($1, 1, $2)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN f.last_failed_at < $3 THEN 1 ELSE f.failures + 1 END, last_failed_at = $2
            RETURNING failures
            """, connection, transaction))
        {
            upsert.Parameters.Add(new() { Value = key });
            upsert.Parameters.Add(new() { Value = now });
            upsert.Parameters.Add(new() { Value = now - Window });
            failures = (int)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var block = new NpgsqlCommand("UPDATE identity.client_sign_in_failures SET blocked_until = $2 WHERE key = $1", connection, transaction))
        {
            block.Parameters.Add(new() { Value = key });
            block.Parameters.Add(new() { Value = BlockAfter(failures, factor) is { } wait ? now + wait : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            await block.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return failures;
    }

    private static string PairKey(string clientId, string address) => $"client:{clientId}|{address}";

    private static string AddressKey(string address) => $"address:{address}";
}

/// <summary>A client id locked out from one address after repeated failures, until <see cref="Until"/>.</summary>
public sealed record ClientLockout(string OrganisationId, string ClientId, string Address, int Failures, DateTimeOffset Until);

/// <summary>
/// Where lockouts are recorded for the organisation to see: the host appends them to the organisation's event stream
/// (the identity module does not own the event history).
/// </summary>
public interface IClientLockouts
{
    Task RecordAsync(ClientLockout lockout, CancellationToken cancellationToken);
}
