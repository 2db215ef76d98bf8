using System.Net;
using System.Text.RegularExpressions;

namespace DataPort.Identity.Tests;

/// <summary>Secrets, tokens and passwords never reach the logs, whatever happens to the request.</summary>
public sealed partial class LogSafetyTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private const string Password = "a password never logged";

    [Fact]
    public async Task Given_every_credential_flow_When_logged_at_trace_level_Then_no_secret_token_or_password_appears()
    {
        var logs = new CapturedLogs();
        await using var api = fixture.SecondServer(logs: logs);
        var organisation = await api.CreateOrganisationAsync();
        var (clientId, secret) = await api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var user = await api.CreateUserAsync(organisation, Password, DataPortRoles.Developer);

        var token = await api.GetTokenAsync(clientId, secret);
        (await api.ClientWithToken(token).GetAsync("/api/me")).Dispose();
        (await api.RequestTokenAsync(clientId, secret + "x")).Dispose();
        (await api.RequestTokenAsync(secret, secret)).Dispose(); // a secret pasted as the client id
        using (var revoke = new HttpRequestMessage(HttpMethod.Post, "/connect/revocation")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        })
        {
            revoke.Headers.Authorization = IdentityApi.Basic(clientId, secret);
            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().SendAsync(revoke)).StatusCode);
        }
        (await api.ClientWithToken(token).GetAsync("/api/me")).Dispose();
        (await api.ClientWithToken(token + "tampered").GetAsync("/api/me")).Dispose();
        var browser = api.CreateHttpsClient();
        var page = await browser.GetStringAsync("/account/signin");
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        foreach (var password in new[] { Password + "!", Password })
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery, ["email"] = user.Email, ["password"] = password,
            });
            (await browser.PostAsync("/account/signin", form)).Dispose();
        }

        Assert.NotEmpty(logs.Lines);
        var signature = token.Split('.')[2];
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
