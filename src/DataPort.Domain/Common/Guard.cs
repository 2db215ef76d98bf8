namespace DataPort.Domain.Common;

/// <summary>Input checks shared by the decisions; each failure is a 422 naming the field.</summary>
internal static class Guard
{
    public static void Required(string? value, string field, int maxLength = TextLimits.Line)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException($"{field} is required.");
        }
        Bounded(value, field, maxLength);
    }

    /// <summary>Optional text: may be missing, never longer than <paramref name="maxLength"/>.</summary>
    public static void Bounded(string? value, string field, int maxLength = TextLimits.Line)
    {
        if (value?.Length > maxLength)
        {
            throw new InvalidInputException($"{field} is {value.Length} characters long; at most {maxLength} are accepted.");
        }
    }

    public static void NotEmpty<T>(IReadOnlyCollection<T>? values, string field)
    {
        if (values is null || values.Count == 0)
        {
            throw new InvalidInputException($"{field} must name at least one entry.");
        }
    }

    public static void Unique(IEnumerable<string> values, string field)
    {
        var duplicate = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidInputException($"{field} lists '{duplicate.Key}' more than once.");
        }
    }

    public static void Role(Caller caller, string action, params string[] roles)
    {
        if (!roles.Any(caller.Is))
        {
            throw new ForbiddenException($"Only {string.Join(" or ", roles)} may {action}.");
        }
    }

    public static void Organisation(Caller caller, string organisationId, string action)
    {
        if (!string.Equals(caller.OrganisationId, organisationId, StringComparison.Ordinal))
        {
            throw new ForbiddenException($"Only organisation '{organisationId}' may {action}; the caller belongs to '{caller.OrganisationId}'.");
        }
    }
}
