namespace DataPort.Server.Web;

/// <summary>Where a page may send a person back to: only paths on this site.</summary>
public static class LocalUrl
{
    /// <summary>The path, or home: an open redirect would let a phishing link borrow our sign-in page.</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    public static string WithReturnUrl(string path, string? returnUrl) =>
        $"{path}?returnUrl={Uri.EscapeDataString(OrHome(returnUrl))}";
}
