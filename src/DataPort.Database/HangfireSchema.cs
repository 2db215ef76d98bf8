using Hangfire.PostgreSql;
using Npgsql;

namespace DataPort.Database;

/// <summary>
/// Hangfire's tables live in schema <see cref="Name"/>. Hangfire's own installer creates and upgrades them (it versions
/// its scripts in <c>hangfire.schema</c> and takes its own lock), called here so that <c>dataport db migrate</c> stays the
/// one way the schema changes; servers start with Hangfire's <c>PrepareSchemaIfNecessary</c> off.
/// </summary>
public static class HangfireSchema
{
    public const string Name = "hangfire";

    public static void Apply(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, Name);
}
