using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;

namespace DataPort.Identity.Protocol;

/// <summary>
/// Every token request leaves a token entry; entries of tokens that expired a day ago can no longer matter (validation
/// refuses the token by its own expiry) and are deleted hourly. Several nodes pruning at once only share the work.
/// </summary>
public sealed partial class TokenEntryPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TokenEntryPruning> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var pruned = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>()
                    .PruneAsync(clock.GetUtcNow() - Margin, stoppingToken);
                LogPruned(logger, pruned);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Count} token entries of expired tokens")]
    private static partial void LogPruned(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning token entries failed; the next hour tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
