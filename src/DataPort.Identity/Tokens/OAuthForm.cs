using Microsoft.AspNetCore.Http;

namespace DataPort.Identity.Tokens;

/// <summary>Reads the form body that RFC 6749 §3.2, RFC 7009 §2.1 and RFC 7662 §2.1 prescribe.</summary>
public static class OAuthForm
{
    public static async Task<OAuthResult<IFormCollection>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return OAuthError.InvalidRequest("The request body must be application/x-www-form-urlencoded.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return OAuthError.InvalidRequest("The form body is malformed or too large.");
        }
        // §3.2: "Request and response parameters MUST NOT be included more than once."
        var repeated = form.Where(field => field.Value.Count > 1).Select(field => field.Key).FirstOrDefault();
        return repeated is null
            ? OAuthResult.Ok(form)
            : OAuthError.InvalidRequest($"The parameter '{repeated}' is included more than once.");
    }

    /// <summary>A parameter's value; absent and empty are the same (RFC 6749 §3.1: "parameters sent without a value MUST be treated as if they were omitted").</summary>
    public static string? Value(this IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
