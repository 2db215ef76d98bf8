namespace DataPort.EventStore.Ledger;

/// <summary>
/// Where the secret that protects the SM2 signing key comes from; bound from <c>Ledger</c>.
/// <see cref="KeyEncryptionKey"/> (any string; environment <c>Ledger__KeyEncryptionKey</c>) wins. Without
/// it the secret is read from <see cref="KeyFile"/>, which is created with 32 random bytes on first use,
/// so a developer machine works with no set-up while production sets the key from a secret store.
/// </summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";
    public const string KeyEncryptionKeyVariable = "Ledger__KeyEncryptionKey";

    public string? KeyEncryptionKey { get; set; }

    /// <summary>Default: <c>.data/ledger-kek</c> under the working directory (git-ignored).</summary>
    public string KeyFile { get; set; } = Path.Combine(".data", "ledger-kek");

    /// <summary>Events per sealing transaction.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often each server seals what is pending and signs a checkpoint if the tree grew (<see cref="LedgerSealingService"/>).</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Options for a process without configuration (the CLI): the environment variable, else the key file.</summary>
    public static LedgerOptions FromEnvironment() => new()
    {
        KeyEncryptionKey = Environment.GetEnvironmentVariable(KeyEncryptionKeyVariable),
    };

    internal string ResolveSecret()
    {
        if (!string.IsNullOrEmpty(KeyEncryptionKey))
        {
            return KeyEncryptionKey;
        }
        if (!File.Exists(KeyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(KeyFile))!);
            var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var writer = new StreamWriter(KeyFile, System.Text.Encoding.UTF8, options);
                writer.Write(secret);
            }
            catch (IOException) when (File.Exists(KeyFile))
            {
                // Another process created it first; use theirs.
            }
        }
        return File.ReadAllText(KeyFile).Trim();
    }
}
