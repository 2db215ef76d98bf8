using DataPort.Sandbox.Roles;
using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>PostgreSQL roles are cluster-wide, so what fixtures create must be checked and dropped outside their database.</summary>
public static class ClusterRoles
{
    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, string role)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)");
        command.Parameters.Add(new() { Value = role });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Drops every grant's roles, before the fixture's database goes (the roles would outlive it).</summary>
    public static async Task DropAllGrantRolesAsync(NpgsqlDataSource dataSource, ISandboxRoles roles)
    {
        var grants = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT grant_id FROM sandbox.grant_roles"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                grants.Add(reader.GetString(0));
            }
        }
        foreach (var grant in grants)
        {
            await roles.DropGrantAsync(grant);
        }
    }
}
