using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataPort.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on creating POSTs: the first request with a key runs and its response is stored; a retry
/// with the same key and the same request gets the stored response (and creates nothing); the same key with a
/// different request is refused with 422. Keys are scoped to the caller (<c>sub</c>). Only successful responses
/// are kept, so a refused request may be corrected and retried under the same key.
/// </summary>
internal sealed class IdempotencyFilter<TRequest>(NpgsqlDataSource dataSource) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 255;
    private static readonly string[] ReplayedHeaders = ["Location", "ETag", "Content-Type"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }
        if (key.Length > MaxKeyLength)
        {
            return TypedResults.Problem(title: "The Idempotency-Key is too long.", detail: $"Use at most {MaxKeyLength} characters (a UUID is ideal).",
                statusCode: StatusCodes.Status400BadRequest);
        }
        var actor = Caller.FromClaims(http.User)?.Id ?? "";
        var hash = RequestHash(http, context.Arguments.OfType<TRequest>().FirstOrDefault());

        if (!await ClaimAsync(actor, key, http, hash))
        {
            return await ReplayAsync(actor, key, hash, http.RequestAborted);
        }
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(actor, key);
            throw;
        }
        if (result is not IResult response)
        {
            return result;
        }
        // Run the result into a buffer so the exact bytes can be stored, then send those same bytes.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await response.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var stored = new StoredResponse(http.Response.StatusCode,
            ReplayedHeaders.Where(h => http.Response.Headers.ContainsKey(h)).ToDictionary(h => h, h => http.Response.Headers[h].ToString()),
            buffer.ToArray());
        if (stored.StatusCode is >= 200 and < 300)
        {
            await CompleteAsync(actor, key, stored);
        }
        else
        {
            await ForgetAsync(actor, key);
        }
        return stored;
    }

    private static string RequestHash(HttpContext http, TRequest? request)
    {
        var canonical = $"{http.Request.Method} {http.Request.Path}\n{JsonSerializer.Serialize(request, JsonSerializerOptions.Web)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private async Task<bool> ClaimAsync(string actor, string key, HttpContext http, string hash)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO domain.idempotency_keys (actor, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (actor, key) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = actor });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = http.Request.Method });
        command.Parameters.Add(new() { Value = http.Request.Path.ToString() });
        command.Parameters.Add(new() { Value = hash });
        return await command.ExecuteNonQueryAsync(http.RequestAborted) == 1;
    }

    private async Task<IResult> ReplayAsync(string actor, string key, string hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT request_hash, status_code, response_body, response_headers::text FROM domain.idempotency_keys WHERE actor = $1 AND key = $2");
        command.Parameters.Add(new() { Value = actor });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Forgotten between our insert attempt and this read (the first request failed): ask for a retry.
            return InProgress();
        }
        if (reader.GetString(0) != hash)
        {
            return TypedResults.Problem(title: "The Idempotency-Key was used for a different request.",
                detail: "A key identifies one request: send a new key for a new request.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        if (await reader.IsDBNullAsync(1, cancellationToken))
        {
            return InProgress();
        }
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3)) ?? [];
        headers["Idempotency-Replayed"] = "true";
        return new StoredResponse(reader.GetInt32(1), headers, Convert.FromBase64String(reader.GetString(2)));
    }

    private static ProblemHttpResult InProgress() => TypedResults.Problem(
        title: "A request with this Idempotency-Key is still being processed.",
        detail: "Retry after it has completed to receive its response.", statusCode: StatusCodes.Status409Conflict);

    private async Task CompleteAsync(string actor, string key, StoredResponse response)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE domain.idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
            WHERE actor = $1 AND key = $2
            """);
        command.Parameters.Add(new() { Value = actor });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = response.StatusCode });
        command.Parameters.Add(new() { Value = Convert.ToBase64String(response.Body) });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(response.Headers), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    private async Task ForgetAsync(string actor, string key)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM domain.idempotency_keys WHERE actor = $1 AND key = $2");
        command.Parameters.Add(new() { Value = actor });
        command.Parameters.Add(new() { Value = key });
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A response replayed byte for byte: status, the headers that identify the result, and the body.</summary>
internal sealed class StoredResponse(int statusCode, IReadOnlyDictionary<string, string> headers, byte[] body) : IResult
{
    public int StatusCode { get; } = statusCode;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public byte[] Body { get; } = body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }
        httpContext.Response.ContentLength = Body.Length;
        await httpContext.Response.Body.WriteAsync(Body);
    }
}
