using System.CommandLine;
using DataPort.Cli.Commands.Catalog;
using DataPort.Database;
using DataPort.ReadModels;
using Npgsql;

namespace DataPort.Cli.Commands.Db;

public static class DbCommand
{
    public static Command Create() => new("db", "Manage DataPort's PostgreSQL database")
    {
        CreateMigrate(),
    };

    private static Command CreateMigrate()
    {
        var connection = ConnectionOption.Create();
        var command = new Command("migrate", "Create or upgrade the database schema (a second run does nothing)")
        {
            connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var connectionString = ConnectionOption.Resolve(parseResult, connection);
            var output = parseResult.InvocationConfiguration.Output;
            await using var dataSource = DataSources.Create(connectionString, "dataport-cli");
            MigrationReport report;
            try
            {
                report = await new Migrator(dataSource, ReadModelSchema.Configure).MigrateAsync(cancellationToken);
            }
            catch (Exception e) when (e is MigrationException or NpgsqlException)
            {
                throw new CliException(e.Message);
            }
            foreach (var id in report.Applied)
            {
                output.WriteLine($"applied {id}");
            }
            await using (var replay = GrainHost.CreateForReplay(connectionString))
            {
                foreach (var view in await ReadModelRebuilds.RunAsync(replay.Events, cancellationToken))
                {
                    output.WriteLine($"rebuilt read model {view} from the event history");
                }
            }
            output.WriteLine(report.Applied.Count == 0
                ? $"database is up to date ({report.AlreadyApplied} migrations)"
                : $"applied {report.Applied.Count} migration(s); {report.AlreadyApplied} already applied");
            return ExitCodes.Ok;
        });
        return command;
    }
}
