using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataPort.Server.Infrastructure;

internal static class OpenApiDocumentInfo
{
    public static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "DataPort API",
            Version = "v1",
            Description = "The Xiamen data port (厦门数据港): public-data catalog, licensed access, sandbox, trading and audit ledger.",
        };
        return Task.CompletedTask;
    }
}
