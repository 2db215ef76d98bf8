using System.Diagnostics;
using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Roles;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Runs a developer's SQL for a row-level grant: authorise the live grant, have PostgreSQL plan the single query
/// as the grant's role and refuse it if the plan reaches outside the grant (<see cref="QueryPlanCheck"/>), run it
/// in a read-only transaction with the sandbox's limits, stream the result to a writer, then record the use on the
/// ledger and consume quota.
/// </summary>
public sealed class SandboxQueries(SandboxGuard guard, SandboxVersions versions, GrantLogins logins, SandboxOptions options, CheckedQueries checkedQueries)
{
    public async Task<ResultSummary> RunAsync(string grantId, Caller caller, string? sql, IQueryResultWriter writer,
        CancellationToken cancellationToken = default)
    {
        var use = new SandboxUse(UseKind.SandboxQuery, caller);
        var authorized = await guard.AuthorizeAsync(grantId, use, sql ?? "", cancellationToken);
        var rowLimit = authorized.RowLimit(options.RowCap);
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        long bytes = 0;
        var truncated = false;
        string? truncatedBy = null;
        // Text refused before it runs consumes nothing.
        var outcome = UseOutcomes.Denied("invalid-query");
        try
        {
            // Validated after authorisation so that refused text is recorded against the grant as well.
            var validated = QueryText.Validate(sql);
            var wrapped = QueryText.Wrap(validated);
            outcome = GrantSession.NotRun;
            await using var session = await GrantSession.OpenAsync(logins, options, authorized.Roles, cancellationToken);
            outcome = UseOutcomes.Failed;
            await using var command = session.CreateCommand(wrapped);
            // A positional parameter makes Npgsql send the text untouched as one Parse message.
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = rowLimit + 1 });
            NpgsqlDataReader reader;
            bool hasRow;
            try
            {
                if (!checkedQueries.TryGet(wrapped, authorized.Roles.Schemas, out var types))
                {
                    await QueryPlanCheck.CheckAsync(session, wrapped, validated, rowLimit + 1, authorized.Roles.Schemas, options.StatementTimeout,
                        cancellationToken);
                    types = await ColumnTypesAsync(session, wrapped, cancellationToken);
                    checkedQueries.Add(wrapped, authorized.Roles.Schemas, types);
                }
                command.UnknownResultTypeList = ResultValues.AsText(types);
                reader = await command.ExecuteReaderAsync(cancellationToken);
                hasRow = await reader.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is PostgresException or SandboxQueryException)
            {
                // The plan check reports what it refuses itself; PostgreSQL's own refusals are mapped here.
                var failure = (e as SandboxQueryException)?.Failure
                    ?? SandboxQueryFailure.From((PostgresException)e, options.StatementTimeout, wrapped, validated);
                if (failure.Kind == FailureKind.PermissionDenied || failure.SqlState == PostgresErrorCodes.UndefinedColumn)
                {
                    failure = failure with { Detail = $"{failure.Detail} {await ReadableAsync(authorized, cancellationToken)}" };
                }
                outcome = failure.Outcome;
                throw new SandboxQueryException(failure, e is SandboxQueryException refused ? refused.InnerException : e);
            }

            await using (reader)
            {
                var readable = await versions.InSchemasAsync(authorized.Roles.Schemas, cancellationToken);
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => ResultColumn.For(reader.GetName(i), reader.GetDataTypeName(i), readable)).ToList();
                await writer.BeginAsync(columns, cancellationToken);
                try
                {
                    while (hasRow)
                    {
                        if (rows == rowLimit)
                        {
                            truncated = true;
                            break;
                        }
                        var values = new object?[reader.FieldCount];
                        var weight = 0L;
                        for (var i = 0; i < values.Length; i++)
                        {
                            values[i] = ResultValues.Read(reader, i);
                            weight += ResultValues.Weight(values[i]);
                        }
                        // The first row always goes: an answer is never empty only because one row is large.
                        if (rows > 0 && bytes + weight > options.ByteCap)
                        {
                            (truncated, truncatedBy) = (true, "byte-cap");
                            break;
                        }
                        bytes += weight;
                        await writer.WriteRowAsync(values, cancellationToken);
                        rows++;
                        hasRow = await reader.ReadAsync(cancellationToken);
                    }
                }
                catch (Exception e) when (e is PostgresException or InvalidCastException or OverflowException or NotSupportedException or ArgumentOutOfRangeException)
                {
                    // Rows were sent: the answer ends as an error (JSON's error member; a CSV or Parquet stream is cut),
                    // never as a shorter answer that looks whole.
                    var failure = e is PostgresException postgres
                        ? SandboxQueryFailure.From(postgres, options.StatementTimeout, wrapped, validated)
                        : new SandboxQueryFailure(FailureKind.Invalid, "A value could not be sent",
                            "A value of the result has a type the sandbox cannot write: cast it to text or a number in the query.", null);
                    outcome = failure.Outcome;
                    var failed = Summary(rows, truncated, authorized, stopwatch);
                    await writer.FailAsync(failure, failed, cancellationToken);
                    return failed;
                }
            }
            outcome = truncated ? UseOutcomes.Truncated : UseOutcomes.Succeeded;
            var summary = Summary(rows, truncated, authorized, stopwatch);
            if (truncatedBy is not null)
            {
                summary = summary with { TruncatedBy = truncatedBy };
            }
            await writer.EndAsync(summary, cancellationToken);
            return summary;
        }
        finally
        {
            await guard.CompleteAsync(authorized, rows, truncated, stopwatch.ElapsedMilliseconds, outcome, CancellationToken.None);
        }
    }

    /// <summary>The result's column types, described by PostgreSQL without running the query.</summary>
    private static async Task<IReadOnlyList<string>> ColumnTypesAsync(GrantSession session, string wrapped, CancellationToken cancellationToken)
    {
        await using var describe = session.CreateCommand(wrapped);
        describe.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = 0L });
        await using var schema = await describe.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, cancellationToken);
        return [.. Enumerable.Range(0, schema.FieldCount).Select(schema.GetDataTypeName)];
    }

    /// <summary>
    /// What the grant may read, so a refused <c>SELECT *</c> says which columns to name instead: each readable table with
    /// its granted columns' SQL names and the dataset's own names for them.
    /// </summary>
    private async Task<string> ReadableAsync(AuthorizedUse authorized, CancellationToken cancellationToken)
    {
        var tables = (await versions.InSchemasAsync(authorized.Roles.Schemas, cancellationToken))
            .Select(version => (version, granted: authorized.Grant.Find(version.DatasetId)?.Columns))
            .Where(t => t.granted is not null)
            .Select(t => $"{t.version.Schema}.{t.version.Table} ({string.Join(", ", t.version.Columns.Where(c => t.granted!.Contains(c.Label)).Select(c => c.Name == c.Label ? c.Name : $"{c.Name} = {c.Label}"))})");
        return $"It may read: {string.Join("; ", tables)}.";
    }

    private ResultSummary Summary(long rows, bool truncated, AuthorizedUse authorized, Stopwatch stopwatch) =>
        new(rows, truncated, options.RowCap, stopwatch.ElapsedMilliseconds)
        {
            TruncatedBy = truncated ? authorized.TruncationReason(options.RowCap) : null,
            RowsRemaining = authorized.Grant.RowsRemaining is { } left ? Math.Max(0, left - rows) : null,
        };
}
