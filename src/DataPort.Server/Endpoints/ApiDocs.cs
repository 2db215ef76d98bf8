namespace DataPort.Server.Endpoints;

public static class ApiDocs
{
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>The OpenAPI document (the SDKs are generated from it) and a browsable docs page at <c>/docs</c>.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.DocumentTitle = "DataPort API";
            options.SwaggerEndpoint(OpenApiPath, "DataPort API v1");
        });
        return app;
    }
}
