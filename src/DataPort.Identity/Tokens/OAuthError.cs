namespace DataPort.Identity.Tokens;

/// <summary>An RFC 6749 §5.2 error response (also used by RFC 7009 and RFC 7662 endpoints).</summary>
public sealed record OAuthError(string Error, string? Description, int StatusCode)
{
    public static OAuthError InvalidRequest(string description) => new("invalid_request", description, 400);

    /// <summary>§5.2: 401 with <c>WWW-Authenticate</c>; one description for every cause, so nothing leaks about which clients or secrets exist.</summary>
    public static OAuthError InvalidClient() => new("invalid_client", "Client authentication failed.", 401);

    public static OAuthError InvalidScope(string description) => new("invalid_scope", description, 400);

    public static OAuthError UnsupportedGrantType(string description) => new("unsupported_grant_type", description, 400);

    public static OAuthError UnauthorizedClient(string description) => new("unauthorized_client", description, 400);

    /// <summary>429 after repeated failed authentication: the client must wait <paramref name="wait"/> (sent as Retry-After).</summary>
    public static OAuthError SlowDown(TimeSpan wait) => new("slow_down",
        $"Too many failed attempts for this client from this address: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.", 429)
    {
        RetryAfter = wait,
    };

    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>Either a value or an OAuth error.</summary>
public readonly record struct OAuthResult<T>(T? Value, OAuthError? Error)
{
    public static implicit operator OAuthResult<T>(OAuthError error) => new(default, error);
}

public static class OAuthResult
{
    public static OAuthResult<T> Ok<T>(T value) => new(value, null);
}

/// <summary>The JSON body of an <see cref="OAuthError"/> (RFC 6749 §5.2): not problem details, the OAuth spec governs these endpoints.</summary>
public sealed record OAuthErrorResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("error_description")] string? ErrorDescription)
{
    public static OAuthErrorResponse From(OAuthError error) => new(error.Error, error.Description);
}
