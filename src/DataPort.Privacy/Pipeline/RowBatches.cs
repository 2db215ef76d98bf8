using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// Parses the CSV on a thread of its own and hands its records over in batches, so that parsing and UTF-8
/// validation run beside the work on the rows. Only the fields asked for are copied. With several consumers the
/// batches are dealt out in turn (batch n to consumer n mod count), so a writer that takes their results in the same
/// turn restores the file's order. Batches are recycled through a small pool, so memory is a few batches whatever the
/// file size; a parse error reaches the consumers as the exception the parser threw, after the rows before it.
/// </summary>
internal sealed class RowBatches : IDisposable
{
    private const int RowsPerBatch = 2048;

    private readonly ICsvSource _source;
    private readonly int[] _fields;
    private readonly BlockingCollection<RowBatch>[] _full;
    private readonly BlockingCollection<RowBatch> _free;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    /// <param name="fields">The record's fields to copy, in the order <see cref="RowBatch.Field"/> numbers them.</param>
    /// <param name="consumers">How many consumers the batches are dealt out to.</param>
    public RowBatches(ICsvSource source, int[] fields, CancellationToken cancellationToken, int consumers = 1)
    {
        _source = source;
        _fields = fields;
        var pool = 4 + 2 * consumers;
        _full = [.. Enumerable.Range(0, consumers).Select(_ => new BlockingCollection<RowBatch>(pool))];
        _free = new BlockingCollection<RowBatch>(pool);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < pool; i++)
        {
            _free.Add(new RowBatch(fields.Length), CancellationToken.None);
        }
        _thread = new Thread(Produce) { IsBackground = true, Name = "csv reader" };
        _thread.Start();
    }

    /// <summary>The batches dealt to one consumer, in file order; give each back with <see cref="Recycle"/> once its rows are used.</summary>
    /// <param name="cancellationToken">Stops a consumer that is itself stopped, even while it waits for a batch.</param>
    public IEnumerable<RowBatch> Read(int consumer = 0, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, cancellationToken);
        foreach (var batch in _full[consumer].GetConsumingEnumerable(stop.Token))
        {
            yield return batch;
        }
        _failure?.Throw();
    }

    public void Recycle(RowBatch batch) => _free.Add(batch, CancellationToken.None);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        foreach (var full in _full)
        {
            full.Dispose();
        }
        _free.Dispose();
    }

    private void Produce()
    {
        try
        {
            var more = true;
            for (var sequence = 0; more; sequence++)
            {
                var batch = _free.Take(_stop.Token);
                batch.Clear();
                while (batch.Rows < RowsPerBatch && (more = _source.Read()))
                {
                    batch.Add(_source, _fields);
                }
                batch.BytesRead = _source.BytesRead;
                if (batch.Rows > 0)
                {
                    _full[sequence % _full.Length].Add(batch, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped (cancelled or failed); it reports why.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            foreach (var full in _full)
            {
                full.CompleteAdding();
            }
        }
    }
}

/// <summary>Some consecutive records' fields, as UTF-8 in one buffer.</summary>
internal sealed class RowBatch(int fields)
{
    private byte[] _data = new byte[1 << 18];
    private int _used;
    private int[] _start = new int[fields * 256];
    private int[] _length = new int[fields * 256];

    public int Rows { get; private set; }

    /// <summary>Bytes of the file read when the batch was filled (for progress).</summary>
    public long BytesRead { get; set; }

    public ReadOnlySpan<byte> Field(int row, int field)
    {
        var i = row * fields + field;
        return _data.AsSpan(_start[i], _length[i]);
    }

    public void Clear() => (Rows, _used) = (0, 0);

    public void Add(ICsvSource source, int[] columns)
    {
        var first = Rows * fields;
        if (first + fields > _start.Length)
        {
            Array.Resize(ref _start, _start.Length * 2);
            Array.Resize(ref _length, _length.Length * 2);
        }
        for (var f = 0; f < columns.Length; f++)
        {
            var value = source.GetUtf8(columns[f]);
            if (_used + value.Length > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + value.Length));
            }
            value.CopyTo(_data.AsSpan(_used));
            _start[first + f] = _used;
            _length[first + f] = value.Length;
            _used += value.Length;
        }
        Rows++;
    }
}
