using DataPort.Domain.Common;
using DataPort.Identity;
using Hangfire;
using Hangfire.Dashboard;

namespace DataPort.Server.Web;

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, under the web catalog: operators use it (retry, delete, trigger recurring
/// jobs), regulators read it, and anyone else is refused by Hangfire with 401 (not signed in) or 403 (signed in, another
/// role), which the status pages turn into a page in the visitor's language.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/console/jobs";

    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "DataPort · 后台任务 Jobs",
            AppPath = "/",
            AsyncAuthorization = [new PeopleInRoles()],
            IsReadOnlyFunc = context => !Person(context)?.Is(Roles.Operator) ?? true,
            DisplayStorageConnectionString = false,
            DarkModeEnabled = false,
        });

    /// <summary>The signed-in person; apps (bearer tokens) never use the dashboard.</summary>
    private static Caller? Person(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.IsApp() ? null : Caller.FromClaims(user);
    }

    private sealed class PeopleInRoles : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context) =>
            Task.FromResult(Person(context) is { } person && (person.Is(Roles.Operator) || person.Is(Roles.Regulator)));
    }
}
