using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Identity.Tests;

/// <summary>Cookie sign-in for the web with antiforgery, password hashing and lockout after repeated failures.</summary>
public sealed partial class SignInTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private const string Password = "correct horse battery staple";

    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_a_merchant_When_they_sign_in_with_the_form_Then_the_cookie_carries_their_organisation_and_roles()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var user = await Api.CreateUserAsync(organisation, Password, DataPortRoles.Merchant);
        var browser = Api.CreateHttpsClient();

        using var signedIn = await SignIn(browser, user.Email, Password, returnUrl: "/catalog");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/catalog", signedIn.Headers.Location?.OriginalString);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(user.Id.ToString(), me.GetProperty("subject").GetString());
        Assert.Equal(organisation, me.GetProperty("organisationId").GetString());
        Assert.Equal([DataPortRoles.Merchant], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Given_a_sign_in_post_without_the_antiforgery_token_When_it_arrives_Then_it_is_refused()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var user = await Api.CreateUserAsync(organisation, Password, DataPortRoles.Developer);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = user.Email, ["password"] = Password });

        using var response = await Api.CreateHttpsClient().PostAsync("/account/signin", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("__Host-dataport=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Given_a_script_that_posts_no_return_address_When_signing_in_Then_it_is_signed_in_and_sent_home()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Merchant);

        using var response = await SignIn(Api.CreateHttpsClient(), user.Email, Password, returnUrl: null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Given_an_open_redirect_When_signing_in_Then_the_user_lands_on_our_home_page()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Developer);

        using var response = await SignIn(Api.CreateHttpsClient(), user.Email, Password, returnUrl: "//evil.example/");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Given_five_wrong_passwords_When_the_right_one_follows_Then_the_account_is_locked_for_fifteen_minutes()
    {
        var clock = new ManualClock();
        await using var api = fixture.SecondServer(clock);
        var user = await api.CreateUserAsync(await api.CreateOrganisationAsync(), Password, DataPortRoles.Developer);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await api.CheckPasswordAsync(user.Email, "wrong password!");
            Assert.False(failed.Succeeded || failed.IsLockedOut);
        }
        Assert.True((await api.CheckPasswordAsync(user.Email, "wrong password!")).IsLockedOut);
        Assert.True((await api.CheckPasswordAsync(user.Email, Password)).IsLockedOut);
        using (var page = await SignIn(api.CreateHttpsClient(), user.Email, Password, "/"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True((await api.CheckPasswordAsync(user.Email, Password)).Succeeded);
    }

    [Fact]
    public async Task Given_five_wrong_passwords_at_once_When_the_right_one_follows_Then_every_failure_counted_and_the_account_is_locked()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Developer);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Api.CheckPasswordAsync(user.Email, "wrong password!"))));

        Assert.True((await Api.CheckPasswordAsync(user.Email, Password)).IsLockedOut);
    }

    [Fact]
    public async Task Given_a_new_account_When_it_is_stored_Then_the_password_is_an_Identity_v3_hash()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Regulator);

        var hash = (await Api.FindStoredUserAsync(user.Email)).PasswordHash!;

        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // PasswordHasher format marker: v3 (PBKDF2)
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient browser, string email, string password, string? returnUrl)
    {
        var page = await browser.GetStringAsync("/account/signin");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync("/account/signin", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
