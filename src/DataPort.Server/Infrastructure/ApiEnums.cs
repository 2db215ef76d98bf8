using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace DataPort.Server.Infrastructure;

/// <summary>How the API spells enum values: kebab-case, as the catalog YAML and the CLI do (<c>per-query</c>, <c>realtime</c>).</summary>
internal static class ApiEnums
{
    public static JsonNamingPolicy Naming { get; } = JsonNamingPolicy.KebabCaseLower;

    /// <summary>
    /// Query-string enums are bound by the framework's own parser, which knows only the C# member names; this
    /// middleware (after routing, before binding) rewrites a value spelled the API's way (<c>?status=under-review</c>)
    /// to its member name, so a query parameter reads the same spelling the JSON bodies write.
    /// </summary>
    public static WebApplication UseApiEnumsInQueries(this WebApplication app)
    {
        app.Use(RewriteAsync);
        return app;
    }

    private static Task RewriteAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.QueryString.HasValue && http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
            var changed = false;
            foreach (var parameter in handler.GetParameters())
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (type.IsEnum && parameter.Name is { } name && query.TryGetValue(name, out var values) && values is [{ } value]
                    && MemberName(type, value) is { } member && member != value)
                {
                    query[name] = member;
                    changed = true;
                }
            }
            if (changed)
            {
                http.Request.QueryString = QueryString.Create(query);
            }
        }
        return next(http);
    }

    private static string? MemberName(Type type, string value) =>
        Enum.GetNames(type).FirstOrDefault(name => string.Equals(Naming.ConvertName(name), value, StringComparison.OrdinalIgnoreCase));
}
