using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace DataPort.Identity.Users;

/// <summary>
/// Identity's Entity Framework user store, keeping two-factor secrets out of clear text: the authenticator key is
/// encrypted with the key-encryption key (as signing keys are), and recovery codes are stored as password hashes,
/// so a copy of the database neither yields a working authenticator nor a usable code.
/// </summary>
public sealed class DataPortUserStore(UsersDbContext context, KeyEncryption encryption, IPasswordHasher<DataPortUser> hasher)
    : UserOnlyStore<DataPortUser, UsersDbContext, Guid>(context)
{
    // The token names Identity's own store uses, so Identity's tooling finds them where it expects.
    internal const string InternalLoginProvider = "[AspNetUserStore]";
    internal const string AuthenticatorKeyTokenName = "AuthenticatorKey";
    internal const string RecoveryCodeTokenName = "RecoveryCodes";

    public override Task SetAuthenticatorKeyAsync(DataPortUser user, string key, CancellationToken cancellationToken)
    {
        var sealedKey = encryption.Encrypt(Encoding.UTF8.GetBytes(key), AuthenticatorKeyContext(user));
        return SetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyTokenName, Convert.ToBase64String(sealedKey), cancellationToken);
    }

    public override async Task<string?> GetAuthenticatorKeyAsync(DataPortUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyTokenName, cancellationToken);
        return stored is null
            ? null
            : Encoding.UTF8.GetString(encryption.Decrypt(Convert.FromBase64String(stored), AuthenticatorKeyContext(user)));
    }

    public override Task ReplaceCodesAsync(DataPortUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        StoreCodeHashesAsync(user, recoveryCodes.Select(code => hasher.HashPassword(user, Normalize(code))), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(DataPortUser user, string code, CancellationToken cancellationToken)
    {
        var hashes = await CodeHashesAsync(user, cancellationToken);
        var normalized = Normalize(code);
        var match = hashes.FirstOrDefault(hash => hasher.VerifyHashedPassword(user, hash, normalized) != PasswordVerificationResult.Failed);
        if (match is null)
        {
            return false;
        }
        // The caller saves the user with its concurrency stamp, so two redemptions of one code cannot both succeed.
        await StoreCodeHashesAsync(user, hashes.Where(hash => hash != match), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(DataPortUser user, CancellationToken cancellationToken) =>
        (await CodeHashesAsync(user, cancellationToken)).Length;

    private async Task<string[]> CodeHashesAsync(DataPortUser user, CancellationToken cancellationToken) =>
        (await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);

    // Base64 hashes never contain ';', Identity's separator.
    private Task StoreCodeHashesAsync(DataPortUser user, IEnumerable<string> hashes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, string.Join(';', hashes), cancellationToken);

    /// <summary>Codes are shown in groups ("ABCDE-12345"); people type them with or without the dash, in any case.</summary>
    private static string Normalize(string code) => code.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static string AuthenticatorKeyContext(DataPortUser user) => $"authenticator-key:{user.Id}";
}
