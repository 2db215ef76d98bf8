using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace DataPort.Server.Infrastructure;

/// <summary>Cross-cutting HTTP behaviour: problem details, request logging, JSON, OpenAPI, health checks.</summary>
public static class WebDefaults
{
    public static IHostApplicationBuilder AddDataPortWebDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.AddTraceId);
        // In order: the first handler that takes the exception answers.
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        // In every environment (the framework only does it in Development), so an unreadable request reaches the handler
        // and gets a problem naming the field instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Enums read and write as the catalog YAML and the CLI spell them: lower-case words joined by hyphens
        // ("per-query", "under-review"), one spelling everywhere a user meets them.
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(ApiEnums.Naming)));
        builder.Services.AddDataPortOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [DataPort.Server.Endpoints.HealthEndpoints.ReadyTag])
            .AddCheck<SandboxHealthCheck>("sandbox", tags: [DataPort.Server.Endpoints.HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication UseDataPortWebDefaults(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        // Turns bare status codes (404 for unknown routes, 405, 415 …) into RFC 9457 problem details for API callers, and
        // into a page in the person's language for a browser that navigates to a page.
        app.UseWhen(Web.WebCatalog.IsPageNavigation, page => page.UseStatusCodePagesWithReExecute(Web.WebCatalog.StatusPath + "/{0}"));
        app.UseWhen(http => !Web.WebCatalog.IsPageNavigation(http), api => api.UseStatusCodePages());
        // Routing after the status-code pages, so that a page's error re-executed as /status/{code} is routed afresh;
        // before the enum rewriting, which reads the matched endpoint's parameters.
        app.UseRouting();
        app.UseApiEnumsInQueries();
        return app;
    }
}
