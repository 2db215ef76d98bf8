using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

/// <summary>
/// Creates the first operator account from <c>Identity:BootstrapOperator</c> at start-up, so a fresh installation
/// can be administered. Does nothing when the account exists: a changed password in configuration never
/// overwrites one the operator has since chosen.
/// </summary>
internal sealed partial class BootstrapOperator(
    IOptions<IdentityServiceOptions> options, IServiceScopeFactory scopes, OrganisationStore organisations, TimeProvider clock,
    ILogger<BootstrapOperator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.BootstrapOperator;
        if (!settings.IsConfigured)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        if (await accounts.FindByEmailAsync(settings.Email!, cancellationToken) is not null)
        {
            return;
        }
        await organisations.TryCreateAsync(
            new Organisation(settings.Organisation, "DataPort operations", clock.GetUtcNow()), cancellationToken);
        try
        {
            var user = await accounts.CreateAsync(
                new NewUser(settings.Organisation, settings.Email!, "Operator", settings.Password!, [DataPortRoles.Operator]),
                cancellationToken);
            LogCreated(logger, user.Id, settings.Organisation);
        }
        catch (IdentityConflictException)
        {
            // Another server process created it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap operator account {UserId} in organisation {OrganisationId}")]
    private static partial void LogCreated(ILogger logger, Guid userId, string organisationId);
}
