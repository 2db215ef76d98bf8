using System.Text.RegularExpressions;

namespace DataPort.Identity;

public sealed record Organisation(string Id, string Name, DateTimeOffset CreatedAt);

public static partial class Organisations
{
    /// <summary>Organisation ids appear in URLs and the <c>org</c> claim, so they are short lower-case slugs.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex IdPattern();
}
