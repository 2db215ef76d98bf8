using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Runtime;

/// <summary>Sweeps idle activations every <see cref="GrainOptions.CollectionInterval"/>.</summary>
internal sealed class GrainCollector(GrainRuntime runtime, IOptions<GrainOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                runtime.CollectIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
