using System.Globalization;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// A client throttled by <see cref="ClientAuthentication"/> is answered 429 with <c>Retry-After</c> (OpenIddict would
/// answer an error it does not know with 400), at the token, introspection and revocation endpoints alike.
/// </summary>
public static class ThrottledClientResponse
{
    public static OpenIddictServerHandlerDescriptor For<TContext>() where TContext : BaseRequestContext =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<Handler<TContext>>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachHttpResponseCode<TContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private sealed class Handler<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseRequestContext
    {
        public ValueTask HandleAsync(TContext context)
        {
            if (ClientAuthentication.RetryAfterOf(context.Transaction) is { } wait
                && context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
            {
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            return ValueTask.CompletedTask;
        }
    }
}
