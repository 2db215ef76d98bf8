using Npgsql;

namespace DataPort.Sandbox.Loading;

/// <summary>
/// Gives text columns the SQL type all their values have. The privacy pipeline writes every column as a string, so
/// that any masked form fits; in the sandbox developers sum, average and compare, so a column whose every value is
/// an integer, a decimal or a date becomes one — in one scan and one table rewrite, inside the load's transaction.
/// Integers with a leading zero (codes such as 0592) stay text, so no digit is lost.
/// </summary>
internal static class TextColumnTypes
{
    private static readonly (SandboxColumnType Type, string Pattern)[] Candidates =
    [
        (SandboxColumnType.BigInt, "^-?(0|[1-9][0-9]{0,17})$"),
        (SandboxColumnType.Decimal, "^-?(0|[1-9][0-9]{0,27})\\.[0-9]{1,18}$"),
        (SandboxColumnType.Date, "^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
    ];

    public static async Task<List<SandboxColumn>> NarrowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string qualifiedTable, List<SandboxColumn> columns, CancellationToken cancellationToken)
    {
        var text = columns.Where(c => c.Type == SandboxColumnType.Text).ToList();
        if (text.Count == 0)
        {
            return columns;
        }
        var narrowed = await NarrowableAsync(connection, transaction, qualifiedTable, text, cancellationToken);
        if (narrowed.Count == 0)
        {
            return columns;
        }
        var typed = columns.Select(c => narrowed.TryGetValue(c.Name, out var type) ? c with { Type = type } : c).ToList();
        var changes = typed.Where(c => narrowed.ContainsKey(c.Name))
            .Select(c => $"ALTER COLUMN {SandboxNames.Quote(c.Name)} TYPE {c.SqlType} USING {SandboxNames.Quote(c.Name)}::{c.SqlType}");
        // A value the pattern lets through but the type refuses (2024-02-30) leaves every column text, never a failed load.
        await using (var savepoint = new NpgsqlCommand("SAVEPOINT narrow_types", connection, transaction))
        {
            await savepoint.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using var alter = new NpgsqlCommand($"ALTER TABLE {qualifiedTable} {string.Join(", ", changes)}", connection, transaction);
            await alter.ExecuteNonQueryAsync(cancellationToken);
            return typed;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow
            or PostgresErrorCodes.NumericValueOutOfRange or PostgresErrorCodes.InvalidTextRepresentation)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT narrow_types", connection, transaction);
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            return columns;
        }
    }

    /// <summary>The text columns whose every value (and at least one) matches a narrower type, with that type.</summary>
    private static async Task<Dictionary<string, SandboxColumnType>> NarrowableAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string qualifiedTable, List<SandboxColumn> text, CancellationToken cancellationToken)
    {
        // One scan answers, per text column and candidate type, whether every non-null value matches (and one exists).
        var tests = text.SelectMany(c => Candidates.Select(candidate =>
            $"coalesce(bool_and({SandboxNames.Quote(c.Name)} ~ '{candidate.Pattern}'), false)"));
        await using var scan = new NpgsqlCommand($"SELECT {string.Join(", ", tests)} FROM {qualifiedTable}", connection, transaction);
        await using var reader = await scan.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var narrowed = new Dictionary<string, SandboxColumnType>(StringComparer.Ordinal);
        for (var i = 0; i < text.Count; i++)
        {
            for (var j = 0; j < Candidates.Length; j++)
            {
                if (reader.GetBoolean(i * Candidates.Length + j))
                {
                    narrowed[text[i].Name] = Candidates[j].Type;
                    break;
                }
            }
        }
        return narrowed;
    }
}
