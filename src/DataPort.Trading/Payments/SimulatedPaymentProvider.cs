using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Trading.Payments;

/// <summary>
/// Stands in for an external provider: records the payment session, then delivers callbacks asynchronously
/// after a delay, sometimes failing, repeating or following a success with a stale failure.
/// </summary>
internal sealed partial class SimulatedPaymentProvider(
    NpgsqlDataSource dataSource,
    PaymentCallbacks callbacks,
    IOptions<SimulatedPaymentOptions> options,
    TimeProvider time,
    ILogger<SimulatedPaymentProvider> logger) : BackgroundService, IPaymentProvider
{
    private readonly Channel<PaymentCallback> pending = Channel.CreateUnbounded<PaymentCallback>();
    private readonly Random random = options.Value.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock randomLock = new();

    public async Task<PaymentSession> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var session = new PaymentSession(
            "pay-" + Guid.CreateVersion7().ToString("N"), request.OrderId, request.Amount, "SIM-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        await using (var command = dataSource.CreateCommand(
            "INSERT INTO trading.payment_sessions (payment_id, order_id, amount_fen, currency, provider_reference) VALUES ($1, $2, $3, $4, $5)"))
        {
            command.Parameters.Add(new() { Value = session.PaymentId });
            command.Parameters.Add(new() { Value = session.OrderId });
            command.Parameters.Add(new() { Value = session.Amount.Fen });
            command.Parameters.Add(new() { Value = session.Amount.Currency });
            command.Parameters.Add(new() { Value = session.ProviderReference });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var callback in Outcomes(session))
        {
            pending.Writer.TryWrite(callback);
        }
        return session;
    }

    private List<PaymentCallback> Outcomes(PaymentSession session)
    {
        var settings = options.Value;
        lock (randomLock)
        {
            var now = time.GetUtcNow();
            var failed = random.NextDouble() < settings.FailureRate;
            var outcome = new PaymentCallback(session.PaymentId, session.OrderId, !failed, session.Amount, session.ProviderReference,
                failed ? "card declined (simulated)" : null, now);
            var callbacks = new List<PaymentCallback> { outcome };
            if (random.NextDouble() < settings.DuplicateRate)
            {
                callbacks.Add(outcome);
            }
            if (!failed && random.NextDouble() < settings.StaleFailureRate)
            {
                callbacks.Add(outcome with { Succeeded = false, FailureReason = "stale notice (simulated)" });
            }
            return callbacks;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var callback in pending.Reader.ReadAllAsync(stoppingToken))
        {
            var due = callback.OccurredAt + options.Value.CallbackDelay - time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, stoppingToken);
            }
            try
            {
                await callbacks.HandleAsync(callback with { OccurredAt = time.GetUtcNow() }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A provider retries undelivered callbacks; the simulation logs and moves on.
                LogCallbackFailed(logger, callback.PaymentId, callback.OrderId, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated payment callback {PaymentId} for order {OrderId} was not accepted")]
    private static partial void LogCallbackFailed(ILogger logger, string paymentId, string orderId, Exception exception);
}
