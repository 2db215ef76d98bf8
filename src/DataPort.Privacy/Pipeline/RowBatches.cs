using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// Parses the CSV on a thread of its own and hands its records over in batches, so that parsing and UTF-8
/// validation run on one core while masking runs on another. Only the fields asked for are copied. Batches are
/// recycled through a small pool, so memory is a few batches whatever the file size; a parse error reaches the
/// consumer as the exception the parser threw, after the rows before it.
/// </summary>
internal sealed class RowBatches : IDisposable
{
    private const int RowsPerBatch = 2048;
    private const int Pool = 6;

    private readonly ICsvSource _source;
    private readonly int[] _fields;
    private readonly BlockingCollection<RowBatch> _full = new(Pool);
    private readonly BlockingCollection<RowBatch> _free = new(Pool);
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    /// <param name="fields">The record's fields to copy, in the order <see cref="RowBatch.Field"/> numbers them.</param>
    public RowBatches(ICsvSource source, int[] fields, CancellationToken cancellationToken)
    {
        _source = source;
        _fields = fields;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < Pool; i++)
        {
            _free.Add(new RowBatch(fields.Length), CancellationToken.None);
        }
        _thread = new Thread(Produce) { IsBackground = true, Name = "csv reader" };
        _thread.Start();
    }

    /// <summary>The batches in file order; give each back with <see cref="Recycle"/> once its rows are used.</summary>
    public IEnumerable<RowBatch> Read()
    {
        foreach (var batch in _full.GetConsumingEnumerable(_stop.Token))
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
        _full.Dispose();
        _free.Dispose();
    }

    private void Produce()
    {
        try
        {
            var more = true;
            while (more)
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
                    _full.Add(batch, _stop.Token);
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
            _full.CompleteAdding();
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
