using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using DataPort.Identity;
using DataPort.Identity.Users;
using Npgsql;

namespace DataPort.Cli.Commands.Users;

/// <summary>
/// <c>dataport users add --org ORG --email EMAIL --role ROLE [--role …] [--name NAME] [--org-name NAME] [--if-missing]</c>:
/// an operator's way to create a person's account (and the organisation, when new) from the server's machine. Prints one
/// JSON line with a generated password, shown this once; the person signs in at <c>/account/signin</c> with it.
/// </summary>
public static class UsersCommand
{
    public static Command Create() => new("users", "People who sign in: operators, merchants, developers, regulators") { CreateAdd(), CreateResetTwoFactor() };

    private static Command CreateAdd()
    {
        var organisation = new Option<string>("--org") { Description = "The organisation the person acts for (e.g. a catalog department id)", Required = true };
        var email = new Option<string>("--email") { Description = "Their email address, used to sign in", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = $"One or more of {string.Join(", ", DataPortRoles.All)}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        roles.AcceptOnlyFromAmong([.. DataPortRoles.All]);
        var name = new Option<string?>("--name") { Description = "Display name (default: the part of the email before @)" };
        var organisationName = new Option<string?>("--org-name") { Description = "Name of the organisation if it has to be created (default: its id)" };
        var ifMissing = new Option<bool>("--if-missing") { Description = "Succeed without changes when the account exists (for scripts)" };
        var connection = ConnectionOption.Create();
        var command = new Command("add", "Create an account with a generated password; prints {\"email\",\"organisation\",\"roles\",\"password\"}")
        {
            organisation, email, roles, name, organisationName, ifMissing, connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var org = parseResult.GetValue(organisation)!;
            var address = parseResult.GetValue(email)!;
            if (!Organisations.IsValidId(org))
            {
                throw new CliException("--org must be 2–64 lower-case letters, digits or hyphens", ExitCodes.Usage);
            }
            await using var directory = SignInDirectory.Open(ConnectionOption.Resolve(parseResult, connection));
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                if (await directory.Accounts.FindByEmailAsync(address, cancellationToken) is { } existing)
                {
                    if (!parseResult.GetValue(ifMissing))
                    {
                        throw new CliException($"an account for {address} already exists (in organisation {existing.OrganisationId})");
                    }
                    output.WriteLine(JsonSerializer.Serialize(new { email = address, organisation = existing.OrganisationId, exists = true }));
                    return ExitCodes.Ok;
                }
                await directory.EnsureOrganisationsAsync([(org, parseResult.GetValue(organisationName) ?? org)], cancellationToken);
                var password = GeneratePassword();
                var user = await directory.Accounts.CreateAsync(new NewUser(
                    org, address, parseResult.GetValue(name) ?? address.Split('@')[0], password, parseResult.GetValue(roles)!), cancellationToken);
                output.WriteLine(JsonSerializer.Serialize(new { email = user.Email, organisation = user.OrganisationId, roles = user.Roles, password }));
                return ExitCodes.Ok;
            }
            catch (IdentityValidationException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }
            catch (IdentityConflictException e)
            {
                throw new CliException(e.Message);
            }
            catch (NpgsqlException e)
            {
                var problem = e is PostgresException postgres ? postgres.MessageText : e.Message;
                throw new CliException($"database: {problem} (is it reachable, and migrated with 'dataport db migrate'?)");
            }
        });
        return command;
    }

    /// <summary>
    /// <c>dataport users reset-two-factor --email EMAIL</c>: for a person who lost both their authenticator and their
    /// recovery codes. Turns two-factor sign-in off, forgets the key and codes, and ends their sessions; where their
    /// role requires a second factor, their next sign-in leads to setting up a new one.
    /// </summary>
    private static Command CreateResetTwoFactor()
    {
        var email = new Option<string>("--email") { Description = "The person's email address", Required = true };
        var connection = ConnectionOption.Create();
        var command = new Command("reset-two-factor", "Turn a person's two-factor sign-in off, for one who lost their authenticator and recovery codes")
        {
            email, connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = parseResult.GetValue(email)!;
            await using var directory = SignInDirectory.Open(ConnectionOption.Resolve(parseResult, connection));
            try
            {
                if (!await directory.Accounts.ResetTwoFactorAsync(address))
                {
                    throw new CliException($"no account has the email {address}");
                }
            }
            catch (NpgsqlException e)
            {
                var problem = e is PostgresException postgres ? postgres.MessageText : e.Message;
                throw new CliException($"database: {problem} (is it reachable, and migrated with 'dataport db migrate'?)");
            }
            parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { email = address, twoFactor = "off" }));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>20 characters from an alphabet without look-alikes (about 115 bits): typed once, then changed or kept in a manager.</summary>
    internal static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
