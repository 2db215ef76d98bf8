namespace DataPort.Privacy.Detection;

/// <summary>Addresses of the form local@domain.tld as people actually write them (not every RFC 5322 corner).</summary>
public static class Email
{
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || value.Length > 254)
        {
            return false;
        }
        var local = value[..at];
        var domain = value[(at + 1)..];
        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '%'))
            {
                return false;
            }
        }
        var dot = domain.LastIndexOf('.');
        if (dot <= 0 || dot >= domain.Length - 2 || domain[0] == '-' || local[0] == '.' || local[^1] == '.')
        {
            return false;
        }
        foreach (var c in domain)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            {
                return false;
            }
        }
        foreach (var c in domain[(dot + 1)..])
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return !domain.Contains("..", StringComparison.Ordinal);
    }
}
