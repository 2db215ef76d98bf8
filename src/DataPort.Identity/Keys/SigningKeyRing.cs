using Microsoft.Extensions.Options;

namespace DataPort.Identity.Keys;

/// <summary>
/// This process's view of the signing keys: loaded from the database, refreshed every minute, rotated on schedule.
/// Every process reads the same table, so a key created by one node reaches the others within a minute, long before
/// it signs (the propagation time is days): a token never names a key its validator has not loaded.
/// </summary>
public sealed class SigningKeyRing(SigningKeyStore store, IOptions<IdentityServiceOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Snapshot? snapshot;

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyList<SigningKey> Keys);

    /// <summary>The key that signs now: the latest one whose activation has come.</summary>
    public async Task<SigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var keys = (await GetSnapshotAsync(cancellationToken)).Keys;
        var now = clock.GetUtcNow();
        var current = keys.Where(k => k.ActivatesAt <= now).MaxBy(k => k.ActivatesAt);
        if (current is null)
        {
            keys = (await GetSnapshotAsync(cancellationToken, force: true)).Keys;
            current = keys.Where(k => k.ActivatesAt <= now).MaxBy(k => k.ActivatesAt)
                ?? throw new InvalidOperationException("No signing key is active although one was just created.");
        }
        return current;
    }

    /// <summary>The keys of the JWKS: the next one (not signing yet), the current one, and retired ones still retained.</summary>
    public async Task<IReadOnlyList<SigningKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        var keys = (await GetSnapshotAsync(cancellationToken)).Keys;
        var now = clock.GetUtcNow();
        var activations = keys.Select(k => k.ActivatesAt).ToList();
        return keys.Where(k => KeyRotation.IsPublished(k.ActivatesAt, activations, now, options.Value.KeyRotation)).ToList();
    }

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken, bool force = false)
    {
        var current = snapshot;
        if (current is not null && !force && !IsStale(current))
        {
            return current;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            current = snapshot;
            if (current is not null && !force && !IsStale(current))
            {
                return current;
            }
            var now = clock.GetUtcNow();
            var rotation = options.Value.KeyRotation;
            var keys = await store.LoadAsync(cancellationToken);
            if (KeyRotation.ActivationOfKeyToCreate(keys.Select(k => k.ActivatesAt).ToList(), now, rotation) is not null)
            {
                keys = await store.RotateAsync(now, rotation, cancellationToken);
            }
            return snapshot = new Snapshot(now, keys);
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsStale(Snapshot current)
    {
        var age = clock.GetUtcNow() - current.LoadedAt;
        return age >= RefreshInterval || age < TimeSpan.Zero;
    }

    public void Dispose() => gate.Dispose();
}
