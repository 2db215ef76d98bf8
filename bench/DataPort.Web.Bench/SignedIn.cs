using System.Net;
using System.Text.RegularExpressions;

/// <summary>
/// Signs a person in through the sign-in form and carries their cookies by hand: the cookies are <c>__Host-</c> and
/// Secure, which a browser sends to loopback HTTP but HttpClient's cookie container does not.
/// </summary>
internal static partial class SignedIn
{
    public static async Task<HttpClient> AsAsync(Uri address, string email, string password)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        using var form = await http.GetAsync("/account/signin");
        Keep(form, cookies);
        var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", Header(cookies));
        using var signedIn = await http.SendAsync(post);
        Keep(signedIn, cookies);
        if (signedIn.StatusCode != HttpStatusCode.Redirect || !cookies.Keys.Any(k => k.Contains("dataport", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)signedIn.StatusCode}.");
        }
        http.DefaultRequestHeaders.Add("Cookie", Header(cookies));
        return http;
    }

    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        foreach (var line in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = line.Split(';', 2)[0].Split('=', 2);
            cookies[pair[0]] = pair[1];
        }
    }

    private static string Header(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex Token();
}
