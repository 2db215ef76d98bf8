using System.Diagnostics;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Roles;
using DataPort.Sandbox.Usage;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Runs a developer's SQL for a row-level grant: authorise the live grant, have PostgreSQL plan the single query
/// as the grant's role and refuse it if the plan reaches outside the grant (<see cref="QueryPlanCheck"/>), run it
/// in a read-only transaction with the sandbox's limits, stream the result to a writer, then record the use on the
/// ledger and consume quota.
/// </summary>
public sealed class SandboxQueries(SandboxGuard guard, GrantLogins logins, SandboxOptions options)
{
    public async Task<ResultSummary> RunAsync(string grantId, SandboxCaller caller, string? sql, IQueryResultWriter writer,
        CancellationToken cancellationToken = default)
    {
        var queryHash = SandboxUsageRecorded.Hash(sql ?? "");
        var use = new SandboxUse(SandboxUseKind.Query, caller.Id, caller.Principals);
        var authorized = await guard.AuthorizeAsync(grantId, use, queryHash, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        var truncated = false;
        var outcome = "refused";
        try
        {
            // Validated after authorisation so that refused text is recorded against the grant as well.
            var wrapped = QueryText.Wrap(QueryText.Validate(sql));
            outcome = "failed";
            await using var session = await GrantSession.OpenAsync(logins, options, authorized.Roles, cancellationToken);
            await using var command = session.CreateCommand(wrapped);
            // A positional parameter makes Npgsql send the text untouched as one Parse message.
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (long)options.RowCap + 1 });
            NpgsqlDataReader reader;
            bool hasRow;
            try
            {
                await QueryPlanCheck.CheckAsync(session, wrapped, (long)options.RowCap + 1, authorized.Roles.Schemas, options.StatementTimeout,
                    cancellationToken);
                reader = await command.ExecuteReaderAsync(cancellationToken);
                hasRow = await reader.ReadAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                var failure = SandboxQueryFailure.From(e, options.StatementTimeout, wrapped);
                outcome = failure.Outcome;
                throw new SandboxQueryException(failure, e);
            }
            catch (SandboxQueryException e)
            {
                outcome = e.Failure.Outcome;
                throw;
            }

            await using (reader)
            {
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i))).ToList();
                await writer.BeginAsync(columns, cancellationToken);
                try
                {
                    while (hasRow)
                    {
                        if (rows == options.RowCap)
                        {
                            truncated = true;
                            break;
                        }
                        var values = new object?[reader.FieldCount];
                        for (var i = 0; i < values.Length; i++)
                        {
                            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        }
                        await writer.WriteRowAsync(values, cancellationToken);
                        rows++;
                        hasRow = await reader.ReadAsync(cancellationToken);
                    }
                }
                catch (PostgresException e)
                {
                    var failure = SandboxQueryFailure.From(e, options.StatementTimeout, wrapped);
                    outcome = failure.Outcome;
                    await writer.FailAsync(failure, new ResultSummary(rows, truncated, options.RowCap, stopwatch.ElapsedMilliseconds), cancellationToken);
                    return new ResultSummary(rows, truncated, options.RowCap, stopwatch.ElapsedMilliseconds);
                }
            }
            outcome = truncated ? "truncated" : "succeeded";
            var summary = new ResultSummary(rows, truncated, options.RowCap, stopwatch.ElapsedMilliseconds);
            await writer.EndAsync(summary, cancellationToken);
            return summary;
        }
        finally
        {
            await guard.CompleteAsync(authorized, queryHash, rows, truncated, stopwatch.ElapsedMilliseconds, outcome, CancellationToken.None);
        }
    }
}
