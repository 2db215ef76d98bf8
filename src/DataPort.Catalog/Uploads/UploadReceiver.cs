using System.Security.Cryptography;
using DataPort.Catalog.Publishing;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Grains.EventSourcing;
using DataPort.Jobs;
using DataPort.Tabular.Csv;
using DataPort.Tabular.Parquet;
using DataPort.Privacy.Pipeline;
using Microsoft.Extensions.Options;
using Orleans;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// A file as it arrives: its name, its encoding as the sender declared it (for CSV; a Parquet file, known by its
/// first bytes, is UTF-8 by definition), its bytes and their declared length.
/// </summary>
public sealed record IncomingFile(string FileName, CsvTextEncoding Encoding, Stream Content, long? DeclaredLength);

/// <summary>
/// Takes a merchant's file for one of their datasets: refuses what cannot be theirs before reading a byte, streams
/// the body to the data directory as UTF-8 CSV (checked or transcoded; a Parquet file is read through Parquet.Net
/// and written out as CSV) under the size limit, checks every row has the header's width and the header names the
/// dataset's columns, then records the upload and starts its draft.
/// A refused file leaves nothing behind; the sender still has it.
/// </summary>
public sealed class UploadReceiver(IGrainFactory grains, JobRuns jobs, ReleaseFiles files, IOptions<UploadOptions> options, TimeProvider time)
{
    public async Task<DatasetUpload> ReceiveAsync(string datasetId, IncomingFile file, Caller caller, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IDatasetGrain>(datasetId);
        var dataset = UploadRules.OwnedBy(await grain.GetAsync(), datasetId, caller);
        var maxBytes = options.Value.MaxBytes;
        if (file.DeclaredLength > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes);
        }
        var uploadId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var folder = files.UploadFolder(datasetId);
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{uploadId}.partial");
        try
        {
            var (bytes, sha256, format) = await StoreAsync(file, partial, maxBytes, cancellationToken);
            CheckShape(partial, dataset);
            var path = files.Upload(datasetId, uploadId);
            File.Move(partial, path);
            Versioned<Dataset>? received = null;
            try
            {
                await jobs.EnqueuePipelineRunAsync(datasetId, uploadId, async runId => received = await grain.ExecuteAsync(new ReceiveUpload(
                    datasetId, uploadId, FileName(file.FileName), bytes, sha256, format,
                    runId, caller, time.GetUtcNow())));
            }
            catch
            {
                File.Delete(path);
                throw;
            }
            return received!.State.Upload(uploadId)!;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>The stored CSV's size and SHA-256, and what the file arrived as: "utf-8", "gb18030" or "parquet".</summary>
    private static async Task<(long Bytes, string Sha256, string Format)> StoreAsync(IncomingFile file, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var content = await ArrivingFile.PeekAsync(file.Content, cancellationToken);
        if (content.IsParquet)
        {
            var (bytes, sha256) = await StoreParquetAsync(content, path, maxBytes, cancellationToken);
            return (bytes, sha256, "parquet");
        }
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var (written, hash) = await CopyCsvAsync(content, output, file.Encoding, maxBytes, cancellationToken);
        return (written, hash, file.Encoding == CsvTextEncoding.Utf8 ? "utf-8" : "gb18030");
    }

    private static async Task<(long Bytes, string Sha256)> CopyCsvAsync(
        Stream input, Stream output, CsvTextEncoding encoding, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        long written;
        try
        {
            written = await CsvEncodings.CopyAsUtf8Async(input, output, encoding, chunk =>
            {
                received += chunk;
                if (received > maxBytes)
                {
                    throw new UploadTooLargeException(maxBytes);
                }
            }, hash, cancellationToken);
        }
        catch (CsvEncodingException e)
        {
            throw new UploadRejectedException(e.Message, e.Line, e.Column);
        }
        return (written, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>
    /// The Parquet file is kept beside the CSV only while it is converted. Its table, unpacked, must fit the same
    /// limit as a CSV upload: a small file of repeated values must not fill the disk. The size and hash are of the
    /// CSV the pipeline reads, as for a CSV upload, taken as it is written.
    /// </summary>
    private static async Task<(long Bytes, string Sha256)> StoreParquetAsync(Stream content, string csvPath, long maxBytes, CancellationToken cancellationToken)
    {
        var parquetPath = csvPath + ".parquet";
        try
        {
            await using (var parquet = new FileStream(parquetPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await CopyLimitedAsync(content, parquet, maxBytes, cancellationToken);
            }
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var csv = new FileStream(csvPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            ParquetToCsv.Convert(parquetPath, csv, written =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (written > maxBytes)
                {
                    throw new UploadTooLargeException(maxBytes);
                }
            }, hash, UploadLimits);
            return (csv.Length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (ParquetException e)
        {
            throw new UploadRejectedException($"The file starts as Parquet but cannot be read: {e.Message}. Export it again, or upload CSV.");
        }
        finally
        {
            File.Delete(parquetPath);
        }
    }

    // A row group is read whole; a million rows bounds what one can make the server hold.
    private static readonly ParquetReaderOptions UploadLimits = new() { MaxRowsPerRowGroup = 1 << 20 };

    private static async Task CopyLimitedAsync(Stream input, Stream output, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long received = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            received += read;
            if (received > maxBytes)
            {
                throw new UploadTooLargeException(maxBytes);
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>One pass over the stored file: a header naming the dataset's columns, and every row as wide as it.</summary>
    private static void CheckShape(string path, Dataset dataset)
    {
        try
        {
            using var source = Utf8CsvSource.Open(path);
            var declared = dataset.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var missing = declared.Except(source.Header).ToList();
            var extra = source.Header.Except(declared).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new UploadRejectedException(
                    "The header does not name the dataset's columns"
                    + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "")
                    + (extra.Count > 0 ? $"; not in the dataset: {string.Join(", ", extra)}" : "")
                    + $". The dataset's columns are {string.Join(", ", dataset.Columns.Select(c => c.Name))}.",
                    line: 1);
            }
            long rows = 0;
            while (source.Read())
            {
                rows++;
            }
            if (rows == 0)
            {
                throw new UploadRejectedException("The file has a header but no rows.", line: 2);
            }
        }
        catch (CsvFormatException e)
        {
            throw new UploadRejectedException(e.Message, e.Line);
        }
    }

    // Only the last segment of what a browser or client sends, bounded, so a name never becomes a path.
    private static string FileName(string name)
    {
        var last = Path.GetFileName(name.Replace('\\', '/').TrimEnd('/'));
        return string.IsNullOrWhiteSpace(last) ? "upload.csv" : last.Length > 200 ? last[..200] : last;
    }
}
