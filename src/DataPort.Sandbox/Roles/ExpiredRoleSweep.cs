using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Drops the roles of grants whose expiry time has passed, every <see cref="SandboxOptions.ExpiredRoleSweepInterval"/>.
/// The grant-expiry sweep's <c>GrantExpired</c> events already drop them through the projection; this pass covers
/// time passing with no event at all (jobs paused, the sweep failing, grants that never reach the grains).
/// PostgreSQL refuses their logins meanwhile anyway (VALID UNTIL is the grant's expiry).
/// </summary>
/// <remarks>
/// Runs in every server process without leader election: each drop takes the grant's advisory lock and is a
/// no-op once done, so two processes racing cost one extra indexed read each.
/// </remarks>
internal sealed partial class ExpiredRoleSweep(ISandboxRoles roles, SandboxOptions options, TimeProvider time, ILogger<ExpiredRoleSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpiredRoleSweepInterval, time);
        do
        {
            try
            {
                var dropped = await roles.DropExpiredAsync(stoppingToken);
                if (dropped > 0)
                {
                    LogDropped(logger, dropped);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: dropped the roles of {Count} expired grant(s)")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox: the expired-role pass failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
