using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// Masking threads, one per core: worker i masks the batches <see cref="RowBatches"/> deals to consumer i (batch n to
/// worker n mod count), so taking their results in the same turn gives the rows back in file order. Each worker's
/// masked batches come from a small pool of its own that the writer recycles. The first failure (a malformed row, a
/// cancelled run) stops the others and is what the writer sees.
/// </summary>
internal sealed class MaskingWorkers : IDisposable
{
    private const int BatchesPerWorker = 3;

    private readonly BlockingCollection<MaskedBatch>[] _done;
    private readonly BlockingCollection<MaskedBatch>[] _free;
    private readonly Dictionary<MaskedBatch, int> _owner = [];
    private readonly Thread[] _threads;
    private readonly CancellationTokenSource _stop;
    private ExceptionDispatchInfo? _failure;

    public MaskingWorkers(RowBatches batches, int workers, Func<RowMasker> newMasker, int columns, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _done = [.. Enumerable.Range(0, workers).Select(_ => new BlockingCollection<MaskedBatch>(BatchesPerWorker))];
        _free = [.. Enumerable.Range(0, workers).Select(_ => new BlockingCollection<MaskedBatch>(BatchesPerWorker))];
        for (var w = 0; w < workers; w++)
        {
            for (var i = 0; i < BatchesPerWorker; i++)
            {
                var batch = new MaskedBatch(columns);
                _owner[batch] = w;
                _free[w].Add(batch, CancellationToken.None);
            }
        }
        // Maskers are made here, on the caller's thread, so a policy that cannot be applied fails before any work starts.
        var maskers = Enumerable.Range(0, workers).Select(_ => newMasker()).ToArray();
        _threads = [.. Enumerable.Range(0, workers).Select(w => new Thread(() => Work(batches, w, maskers[w])) { IsBackground = true, Name = $"masking {w}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>The masked batches in file order; give each back with <see cref="Recycle"/> once written.</summary>
    public IEnumerable<MaskedBatch> InFileOrder()
    {
        for (var sequence = 0; Next(sequence) is { } batch; sequence++)
        {
            yield return batch;
        }
        _failure?.Throw();
    }

    // The next batch in turn; null at the end, or when a worker failed (its failure is then thrown by the caller).
    private MaskedBatch? Next(int sequence)
    {
        try
        {
            return _done[sequence % _done.Length].TryTake(out var batch, Timeout.Infinite, _stop.Token) ? batch : null;
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            return null;
        }
    }

    public void Recycle(MaskedBatch batch) => _free[_owner[batch]].Add(batch, CancellationToken.None);

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        _stop.Dispose();
        foreach (var queue in _done.Concat(_free))
        {
            queue.Dispose();
        }
    }

    private void Work(RowBatches batches, int worker, RowMasker masker)
    {
        try
        {
            foreach (var input in batches.Read(worker, _stop.Token))
            {
                var output = _free[worker].Take(_stop.Token);
                masker.Mask(input, output);
                batches.Recycle(input);
                _done[worker].Add(output, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the writer or by another worker's failure, which is what gets reported.
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            _stop.Cancel();
        }
        finally
        {
            _done[worker].CompleteAdding();
        }
    }
}
