using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// Signs checkpoints (and seals any events the daemon's <see cref="LedgerSubscription"/> has not sealed yet) every
/// <see cref="LedgerOptions.SealInterval"/>, on every server. A hosted loop rather than a recurring background job: it is
/// not work anyone enqueues, retries or inspects, its state is the ledger's head and checkpoints, and as a job it would
/// write a run a fire, 17,280 a day. The sealer's advisory lock makes one node seal at a time; the others find it Busy.
/// </summary>
internal sealed partial class LedgerSealingService(
    LedgerSealer sealer, IOptions<LedgerOptions> options, TimeProvider clock, ILogger<LedgerSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SealInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SealAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SealAsync(CancellationToken stoppingToken)
    {
        try
        {
            await sealer.SealPendingAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick is the retry; what was sealed stays sealed (each batch commits on its own).
            LogSealFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing the ledger failed; trying again at the next interval")]
    private partial void LogSealFailed(Exception exception);
}
