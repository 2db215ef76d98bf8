using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>Reads <c>sandbox.query_log</c> for one grant, oldest first.</summary>
public static class QueryLog
{
    public static async Task<List<(string Kind, string Hash, long Rows, string Outcome)>> ReadAsync(NpgsqlDataSource dataSource, string grantId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT kind, query_hash, row_count, outcome FROM sandbox.query_log WHERE grant_id = $1 ORDER BY id");
        command.Parameters.Add(new() { Value = grantId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, long, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }
        return rows;
    }
}
