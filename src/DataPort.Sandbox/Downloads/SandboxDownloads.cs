using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using Npgsql;

namespace DataPort.Sandbox.Downloads;

/// <summary>What a download will contain: the version and the granted columns it is re-projected to.</summary>
public sealed record DownloadPlan(AuthorizedUse Authorized, LoadedVersion Version, IReadOnlyList<SandboxColumn> Columns)
{
    public string FileName => $"{Version.Table}-v{Version.Version}.parquet";
}

/// <summary>
/// Delivers a loaded version as Parquet, re-projected to the grant's columns, when the licence allows download.
/// The rows are read as the grant's role, so even a mistake in the projection cannot leak another column.
/// </summary>
public sealed class SandboxDownloads(SandboxGuard guard, SandboxVersions versions, GrantLogins logins, SandboxOptions options, IParquetExport export)
{
    /// <summary>Authorises the download and works out its columns; throws before anything is written.</summary>
    public async Task<DownloadPlan> PlanAsync(string grantId, string datasetId, int version, Caller caller, CancellationToken cancellationToken = default)
    {
        var use = new SandboxUse(UseKind.Download, caller, datasetId, version);
        var authorized = await guard.AuthorizeAsync(grantId, use, $"download {datasetId} v{version}", cancellationToken);
        var loaded = await versions.FindAsync(datasetId, version, cancellationToken);
        if (loaded is null)
        {
            await guard.CompleteAsync(authorized, 0, false, 0, UseOutcomes.Denied("not-loaded"), CancellationToken.None);
            throw new SandboxNotFoundException($"Dataset '{datasetId}' version {version} is not loaded in the sandbox.");
        }
        var granted = authorized.Grant.Find(datasetId)!.Columns;
        var columns = loaded.Columns.Where(c => granted.Contains(c.Label)).ToList();
        if (columns.Count == 0)
        {
            await guard.CompleteAsync(authorized, 0, false, 0, UseOutcomes.Denied("no-columns"), CancellationToken.None);
            throw new SandboxAccessDeniedException("no-columns", $"Grant {grantId} covers none of the columns of version {version}.");
        }
        return new DownloadPlan(authorized, loaded, columns);
    }

    /// <summary>Streams the planned download as Parquet and records it.</summary>
    public async Task<long> WriteAsync(DownloadPlan plan, Stream output, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var counter = new RowCounter();
        var outcome = GrantSession.NotRun;
        try
        {
            await using var session = await GrantSession.OpenAsync(logins, options, plan.Authorized.Roles, cancellationToken);
            outcome = UseOutcomes.Failed;
            // A download is the whole version: the statement timeout of interactive queries does not fit it.
            await using (var unlimited = session.CreateCommand("SET LOCAL statement_timeout = 0"))
            {
                await unlimited.ExecuteNonQueryAsync(cancellationToken);
            }
            var columns = await MeasureScalesAsync(session, plan, cancellationToken);
            var columnList = string.Join(", ", columns.Select(c => SandboxNames.Quote(c.Name)));
            await using var command = session.CreateCommand($"SELECT {columnList} FROM {plan.Version.QualifiedTable}");
            await export.WriteAsync(output, columns, ReadAsync(command, columns.Count, counter, cancellationToken), cancellationToken);
            outcome = UseOutcomes.Succeeded;
            return counter.Rows;
        }
        catch (PostgresException e)
        {
            var failure = SandboxQueryFailure.From(e, options.StatementTimeout);
            outcome = failure.Outcome;
            throw new SandboxQueryException(failure, e);
        }
        finally
        {
            await guard.CompleteAsync(plan.Authorized, counter.Rows, false, stopwatch.ElapsedMilliseconds, outcome, CancellationToken.None);
        }
    }

    // numeric columns carry no declared scale; Parquet's DECIMAL needs one, so the data says what it is.
    private static async Task<List<SandboxColumn>> MeasureScalesAsync(GrantSession session, DownloadPlan plan, CancellationToken cancellationToken)
    {
        var columns = plan.Columns.ToList();
        var decimals = columns.Where(c => c.Type == SandboxColumnType.Decimal).ToList();
        if (decimals.Count == 0)
        {
            return columns;
        }
        var measures = string.Join(", ", decimals.Select(c => $"coalesce(max(scale({SandboxNames.Quote(c.Name)})), 0)"));
        await using var command = session.CreateCommand($"SELECT {measures} FROM {plan.Version.QualifiedTable}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        for (var i = 0; i < decimals.Count; i++)
        {
            var index = columns.IndexOf(decimals[i]);
            columns[index] = decimals[i] with { Scale = reader.GetInt32(i) };
        }
        return columns;
    }

    private static async IAsyncEnumerable<object?[]> ReadAsync(NpgsqlCommand command, int width, RowCounter counter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[width];
            for (var i = 0; i < width; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            counter.Rows++;
            yield return values;
        }
    }

    private sealed class RowCounter
    {
        public long Rows { get; set; }
    }
}
