using System.Globalization;
using DataPort.Identity;
using DataPort.Identity.Protocol;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// What the generated SDKs need from the OpenAPI document beyond what endpoints declare: the title, enums typed as
/// the strings the API writes, the OAuth 2.0 client-credentials scheme, and the token endpoint's form body.
/// </summary>
internal static class OpenApiDocumentInfo
{
    public const string OAuthScheme = "oauth2";

    public static IServiceCollection AddDataPortOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.CreateSchemaReferenceId = InlineJsonValues;
        options
            .AddDocumentTransformer(Describe)
            .AddSchemaTransformer(EnumsAsStrings)
            .AddSchemaTransformer(NullableIsOptional)
            .AddDocumentTransformer(NullableReferencesAsReferences)
            .AddOperationTransformer(TokenFormBody)
            .AddOperationTransformer(FilesAsBinary)
            .AddOperationTransformer(UploadBody);
    });

    /// <summary>
    /// A JSON value of any shape (an event's body) is written inline as "any JSON", not as a named schema: a component
    /// named JsonElement would become a class of that name in the SDKs, clashing with System.Text.Json's.
    /// </summary>
    private static string? InlineJsonValues(System.Text.Json.Serialization.Metadata.JsonTypeInfo type) =>
        type.Type == typeof(System.Text.Json.JsonElement) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "DataPort API",
            Version = "v1",
            Description = "The Xiamen data port (厦门数据港): public-data catalog, licensed access, sandbox, trading and audit ledger.",
        };
        document.Components ??= new OpenApiComponents();
        // File responses are declared as Stream for their media type, then described as binary (FilesAsBinary).
        document.Components.Schemas?.Remove(nameof(Stream));
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OAuthScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Apps: client credentials (RFC 6749 §4.4); the token is a 15-minute JWT sent as a bearer token.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri("/" + ProtocolPaths.Token, UriKind.Relative),
                    Scopes = DataPortScopes.All.ToDictionary(scope => scope, scope => scope),
                },
            },
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, document)] = [] });
        return Task.CompletedTask;
    }

    /// <summary>The API writes enums as strings (JsonStringEnumConverter); say so, so generators read them as strings.</summary>
    private static Task EnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Enum is { Count: > 0 } values && schema.Type is null)
        {
            var nullable = values.Any(v => v is null);
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A property that may be null may also be left out (the API reads a missing property as null), so it is not
    /// required: generated request types then let callers omit it instead of spelling out every null.
    /// </summary>
    private static Task NullableIsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                {
                    required.Remove(name);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A nullable property of a named type is written <c>oneOf: [null, $ref]</c>, which NSwag turns into an empty wrapper
    /// class named after the property. Such a property is optional (left out means null), so the bare reference says
    /// the same to a generator, which then uses the named type (e.g. <c>ColumnSubject?</c>).
    /// </summary>
    private static Task NullableReferencesAsReferences(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (property is OpenApiSchema { OneOf: [var first, var second] }
                    && (IsNull(first) ? second : IsNull(second) ? first : null) is OpenApiSchemaReference reference
                    && schema.Required?.Contains(name) != true)
                {
                    schema.Properties![name] = reference;
                }
            }
        }
        return Task.CompletedTask;

        static bool IsNull(IOpenApiSchema candidate) => candidate is OpenApiSchema { Type: JsonSchemaType.Null };
    }

    /// <summary>Responses that are files (Parquet, CSV) with no schema of their own are binary: SDKs return a stream or a Blob.</summary>
    private static Task FilesAsBinary(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var declared in context.Description.SupportedResponseTypes)
        {
            var files = declared.ApiResponseFormats.Select(f => f.MediaType).Where(m => m is "application/vnd.apache.parquet" or "text/csv" or Endpoints.Ledger.LedgerExportMediaType).ToList();
            if (files.Count == 0 || operation.Responses?.GetValueOrDefault(declared.StatusCode.ToString(CultureInfo.InvariantCulture)) is not OpenApiResponse response)
            {
                continue;
            }
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var mediaType in files)
            {
                response.Content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The token endpoint reads its form itself (a typed form parameter would answer a wrong media type with 415, where
    /// RFC 6749 wants <c>invalid_request</c>), so its body is described here.
    /// </summary>
    private static Task TokenFormBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != "RequestToken")
        {
            return Task.CompletedTask;
        }
        context.Document!.Components ??= new OpenApiComponents();
        context.Document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        context.Document.Components.Schemas[TokenRequestSchema] = TokenRequest();
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/x-www-form-urlencoded"] = new() { Schema = new OpenApiSchemaReference(TokenRequestSchema, context.Document) },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The upload endpoint streams its body itself (a form parameter would buffer the whole file first), so its body is
    /// described here: a multipart form with the file, which the SDKs send as a file parameter.
    /// </summary>
    private static Task UploadBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != Endpoints.Uploads.UploadOperation)
        {
            return Task.CompletedTask;
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The CSV or Parquet file as the multipart field 'file' (or, outside the SDKs, as the raw body with ?fileName=).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV file." },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private const string TokenRequestSchema = "TokenRequest";

    private static OpenApiSchema TokenRequest()
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "grant_type" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["grant_type"] = Text("Always client_credentials."),
                ["scope"] = Text("Space-separated scopes; the client's allowed scopes when left out."),
                ["client_id"] = Text("The app's client id (or send HTTP Basic authentication instead)."),
                ["client_secret"] = Text("The app's secret (or send HTTP Basic authentication instead)."),
            },
        };
    }
}
