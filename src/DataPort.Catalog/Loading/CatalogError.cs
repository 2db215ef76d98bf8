namespace DataPort.Catalog.Loading;

/// <summary>One thing wrong with a catalog file, located the way compilers do: file:line:column: message.</summary>
public sealed record CatalogError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>The catalog did not validate; carries every error found, not only the first.</summary>
public sealed class CatalogValidationException(IReadOnlyList<CatalogError> errors)
    : Exception(Describe(errors))
{
    public IReadOnlyList<CatalogError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<CatalogError> errors) =>
        $"the catalog has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
