using System.Security.Cryptography;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Identity.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataPort.Cli.Commands.Users;

/// <summary>
/// The sign-in side of the platform as the CLI reaches it: organisations people sign in for, and their accounts,
/// through the same ASP.NET Core Identity user manager (hasher, validation, lockout) the server signs people in with.
/// </summary>
internal sealed class SignInDirectory : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AsyncServiceScope scope;

    private SignInDirectory(string connectionString)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        // The CLI never reads or writes authenticator keys (it only creates accounts and resets two-factor, which deletes
        // them); a throwaway key makes any accidental use fail to decrypt instead of falling back to a known key.
        collection.AddSingleton(new KeyEncryption(RandomNumberGenerator.GetBytes(32)));
        collection.AddDataPortPeople();
        services = collection.BuildServiceProvider();
        scope = services.CreateAsyncScope();
    }

    public OrganisationStore Organisations => scope.ServiceProvider.GetRequiredService<OrganisationStore>();

    public UserAccounts Accounts => scope.ServiceProvider.GetRequiredService<UserAccounts>();

    public static SignInDirectory Open(string connectionString) => new(connectionString);

    /// <summary>Creates each organisation that does not exist yet; returns how many were created.</summary>
    public async Task<int> EnsureOrganisationsAsync(IEnumerable<(string Id, string Name)> organisations, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var (id, name) in organisations)
        {
            if (await Organisations.TryCreateAsync(new Organisation(id, name, TimeProvider.System.GetUtcNow()), cancellationToken))
            {
                created++;
            }
        }
        return created;
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await services.DisposeAsync();
    }
}
