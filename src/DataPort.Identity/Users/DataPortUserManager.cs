using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

/// <summary>
/// Identity's <see cref="UserManager{TUser}"/> with two changes to lockout. A failed attempt is counted in one SQL
/// statement: Identity's read-modify-save would let concurrent guesses overwrite each other's count (or fail on the
/// concurrency stamp without counting), so a parallel attacker would get more than the allowed tries. And lockout is
/// judged by DataPort's clock (<see cref="TimeProvider"/>), which Identity 10 does not take.
/// </summary>
public sealed class DataPortUserManager(
    IUserStore<DataPortUser> store,
    IOptions<IdentityOptions> options,
    IPasswordHasher<DataPortUser> passwordHasher,
    IEnumerable<IUserValidator<DataPortUser>> userValidators,
    IEnumerable<IPasswordValidator<DataPortUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<DataPortUser>> logger,
    UsersDbContext database,
    TimeProvider clock)
    : UserManager<DataPortUser>(
        store, options, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<bool> IsLockedOutAsync(DataPortUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(user.LockoutEnabled && user.LockoutEnd is { } end && end > clock.GetUtcNow());
    }

    public override async Task<IdentityResult> AccessFailedAsync(DataPortUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = Options.Lockout;
        var lockoutEnd = clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan;
        // On reaching the limit the account is locked and the count starts again, as Identity does.
        await database.Database.ExecuteSqlAsync($"""
            UPDATE identity.users SET
                lockout_end = CASE WHEN access_failed_count + 1 >= {lockout.MaxFailedAccessAttempts} THEN {lockoutEnd} ELSE lockout_end END,
                access_failed_count = CASE WHEN access_failed_count + 1 >= {lockout.MaxFailedAccessAttempts} THEN 0 ELSE access_failed_count + 1 END
            WHERE id = {user.Id} AND lockout_enabled
            """, CancellationToken);
        await database.Entry(user).ReloadAsync(CancellationToken);
        return IdentityResult.Success;
    }
}
