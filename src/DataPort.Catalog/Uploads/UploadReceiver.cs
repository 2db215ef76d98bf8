using System.Security.Cryptography;
using DataPort.Catalog.Publishing;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Grains.EventSourcing;
using DataPort.Jobs;
using DataPort.Parquet.Csv;
using DataPort.Privacy.Pipeline;
using Microsoft.Extensions.Options;
using Orleans;

namespace DataPort.Catalog.Uploads;

/// <summary>A file as it arrives: its name, its encoding as the sender declared it, its bytes and their declared length.</summary>
public sealed record IncomingFile(string FileName, CsvTextEncoding Encoding, Stream Content, long? DeclaredLength);

/// <summary>
/// Takes a merchant's file for one of their datasets: refuses what cannot be theirs before reading a byte, streams
/// the body to the data directory as UTF-8 (checked or transcoded) under the size limit, checks every row has the
/// header's width and the header names the dataset's columns, then records the upload and starts its draft.
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
            var (bytes, sha256) = await StoreAsync(file, partial, maxBytes, cancellationToken);
            CheckShape(partial, dataset);
            var path = files.Upload(datasetId, uploadId);
            File.Move(partial, path);
            Versioned<Dataset>? received = null;
            try
            {
                await jobs.EnqueuePipelineRunAsync(datasetId, uploadId, async runId => received = await grain.ExecuteAsync(new ReceiveUpload(
                    datasetId, uploadId, FileName(file.FileName), bytes, sha256, file.Encoding == CsvTextEncoding.Utf8 ? "utf-8" : "gb18030",
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

    private static async Task<(long Bytes, string Sha256)> StoreAsync(IncomingFile file, string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        long written;
        try
        {
            written = await CsvEncodings.CopyAsUtf8Async(file.Content, output, file.Encoding, chunk =>
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
