using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// Says what is wrong with a request that could not be read — which field, and what it must be — in place of the
/// framework's "Failed to read parameter … as JSON". Enum fields list their values. Type names of the server's own
/// code never appear in the answer.
/// </summary>
internal static partial class BadRequestProblems
{
    public static (string Detail, string? Field) Describe(HttpContext http, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return FromJson(json, EndpointOf(http)?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
        }
        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            var field = bind.Groups["name"].Value;
            return ($"'{field}' must be {Expected(bind.Groups["type"].Value, http)}; got '{bind.Groups["value"].Value}'.", field);
        }
        // The framework's other sentences name the handler's parameter types; say what to send instead.
        if (MissingBody().IsMatch(exception.Message))
        {
            return ("This call needs a JSON body (Content-Type: application/json); see /docs for its fields.", null);
        }
        return exception.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal)
            ? ("The request body could not be read as JSON; see /docs for its fields.", null)
            : (exception.Message, null);
    }

    private static (string Detail, string? Field) FromJson(JsonException json, Type? body)
    {
        var field = json.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : null;
        if (field is not null && Conversion().IsMatch(json.Message) && TypeAt(body, field) is { } type)
        {
            return ($"'{field}' must be {Expected(type)}.", field);
        }
        var where = json.LineNumber is { } line ? $" at line {line + 1}, position {json.BytePositionInLine + 1}" : "";
        return ($"The request body is not valid JSON{where}: check it is one complete JSON object and send it again.", field);
    }

    /// <summary>
    /// The type at a JSON path (<c>contract.items[2].price</c>) of the endpoint's body type: System.Text.Json names the
    /// enclosing type in its message, not the one that failed.
    /// </summary>
    private static Type? TypeAt(Type? type, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            type = type?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (type is not null && segment.Contains('[', StringComparison.Ordinal))
            {
                type = ElementType(type);
            }
        }
        return type;
    }

    private static Type? ElementType(Type type) => type.IsArray
        ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
            .GetGenericArguments()[0];

    /// <summary>What a value of <paramref name="type"/> looks like, in words a caller can act on.</summary>
    private static string Expected(Type type)
    {
        type = System.Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(ApiEnums.Naming.ConvertName));
        }
        if (type == typeof(short) || type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            return "a number";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (type == typeof(string))
        {
            return "a string";
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time (ISO 8601, e.g. 2026-12-04T08:00:00Z)";
        }
        if (type == typeof(DateOnly))
        {
            return "a date (yyyy-mm-dd)";
        }
        return ElementType(type) is { } element && type != typeof(string) ? $"an array of {Plural(Expected(element))}" : "an object as documented at /docs";
    }

    private static string Plural(string expected) => expected.StartsWith("a ", StringComparison.Ordinal) ? expected[2..] + "s" : expected;

    /// <summary>The same words for a query-string parameter, whose type the framework names in its message.</summary>
    private static string Expected(string typeName, HttpContext http)
    {
        var name = Nullable().Match(typeName) is { Success: true } inner ? inner.Groups["type"].Value : typeName;
        var parameter = EndpointOf(http)?.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.GetParameters()
            .Select(p => System.Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
            .FirstOrDefault(t => t.Name == name);
        return parameter is null ? "a value as documented at /docs" : Expected(parameter);
    }

    // The exception handler runs after the endpoint was cleared from the context; its feature keeps it.
    private static Endpoint? EndpointOf(HttpContext http) => http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex BindFailure();

    [GeneratedRegex("^(Implicit body inferred for parameter .+ but no body was provided|Required parameter .+ was not provided from body)")]
    private static partial Regex MissingBody();

    [GeneratedRegex("^The JSON value could not be converted to ")]
    private static partial Regex Conversion();

    [GeneratedRegex("^Nullable<(?<type>[^>]+)>$")]
    private static partial Regex Nullable();
}
