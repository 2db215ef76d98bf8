using System.Text.RegularExpressions;

namespace DataPort.Sandbox;

/// <summary>A PostgreSQL memory size such as <c>32MB</c>; validated because it is written into SET statements.</summary>
internal static partial class SizeSetting
{
    [GeneratedRegex("^[1-9][0-9]{0,6}(kB|MB|GB)$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);
}
