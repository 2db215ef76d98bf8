using DataPort.Identity;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Cli.Commands.Users;

/// <summary>
/// The sign-in side of the platform as the CLI reaches it: organisations people sign in for, and their accounts.
/// Passwords are hashed by the same ASP.NET Core Identity hasher the server verifies with.
/// </summary>
internal sealed class SignInDirectory : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;

    private SignInDirectory(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        Store = new UserStore(dataSource);
        Accounts = new UserAccounts(Store, new PasswordHasher<UserAccount>(), Options.Create(new IdentityServiceOptions()), TimeProvider.System);
    }

    public UserStore Store { get; }

    public UserAccounts Accounts { get; }

    public static SignInDirectory Open(string connectionString) => new(connectionString);

    /// <summary>Creates each organisation that does not exist yet; returns how many were created.</summary>
    public async Task<int> EnsureOrganisationsAsync(IEnumerable<(string Id, string Name)> organisations, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var (id, name) in organisations)
        {
            if (await Store.TryCreateOrganisationAsync(new Organisation(id, name, TimeProvider.System.GetUtcNow()), cancellationToken))
            {
                created++;
            }
        }
        return created;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
