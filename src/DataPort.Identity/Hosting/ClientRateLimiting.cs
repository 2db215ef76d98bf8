using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Hosting;

/// <summary>
/// A fixed-window budget per app (<c>client_id</c>) or person (<c>sub</c>), from <c>Identity:RateLimit</c>.
/// Anonymous requests are not limited here: the token endpoint is guarded by 256-bit secrets, and per-address
/// limits belong to the reverse proxy, which sees the real client address.
/// </summary>
internal static class ClientRateLimiting
{
    public static void Add(IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<IdentityServiceOptions>>((options, identity) =>
            {
                var budget = identity.Value.RateLimit;
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    PartitionKey(context) is { } key
                        ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = budget.PermitLimit,
                            Window = budget.Window,
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        })
                        : RateLimitPartition.GetNoLimiter(""));
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.OnRejected = Reject;
            });
    }

    private static string? PartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        return user.ClientIdOf() is { } clientId ? "client:" + clientId
            : user.SubjectId() is { } subject ? "user:" + subject
            : null;
    }

    /// <summary>RFC 6585 §4 429 with <c>Retry-After</c> (RFC 9110 §10.2.3) in whole seconds, and a problem details body.</summary>
    private static async ValueTask Reject(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetService<IProblemDetailsService>();
        if (problems is not null)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"This client has used its request budget; try again in {seconds} s.",
                },
            });
        }
    }
}
