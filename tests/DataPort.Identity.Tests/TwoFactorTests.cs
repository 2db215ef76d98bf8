using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataPort.Identity.Users;
using DataPort.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Identity.Tests;

/// <summary>Operators must have two-factor sign-in, as in Production; others may turn it on.</summary>
public sealed class ApiRequiringTwoFactor : ApiWithIdentity
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Identity:TwoFactorRequiredRoles:0"] = DataPortRoles.Operator };
}

/// <summary>
/// Two-factor sign-in with an authenticator app (ASP.NET Core Identity's TOTP provider), walked through the real
/// sign-in and set-up pages with codes computed from RFC 6238 by the test itself.
/// </summary>
public sealed partial class TwoFactorTests(ApiRequiringTwoFactor fixture) : IClassFixture<ApiRequiringTwoFactor>
{
    private const string Password = "correct horse battery staple";

    private IdentityApi Api => fixture.Api;

    [Fact]
    public void Given_the_RFC_6238_test_key_When_coding_its_published_times_Then_the_test_authenticator_agrees()
    {
        // RFC 6238 appendix B, SHA-1, key "12345678901234567890": the last six digits of the published codes.
        const string Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Assert.Equal("287082", Totp.Code(Key, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp.Code(Key, DateTimeOffset.FromUnixTimeSeconds(1111111109)));
        Assert.Equal("005924", Totp.Code(Key, DateTimeOffset.FromUnixTimeSeconds(1234567890)));
    }

    [Fact]
    public async Task Given_a_developer_who_sets_up_an_authenticator_When_they_sign_in_again_Then_the_password_alone_is_not_enough()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Developer);
        var browser = Api.CreateHttpsClient();
        Assert.Equal("/", (await SignIn(browser, user.Email, Password)).Headers.Location?.OriginalString);

        var key = await EnrolAsync(browser);

        var again = Api.CreateHttpsClient();
        using var password = await SignIn(again, user.Email, Password);
        Assert.StartsWith("/account/signin/code", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me")).StatusCode);
        using var code = await PostForm(again, "/account/signin/code", new() { ["code"] = Totp.Now(key), ["returnUrl"] = "/docs" });
        Assert.Equal("/docs", code.Headers.Location?.OriginalString);
        var me = await again.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(user.Id.ToString(), me.GetProperty("subject").GetString());
        Assert.Contains(me.GetProperty("claims").EnumerateArray(), claim =>
            claim.GetProperty("type").GetString() == "amr" && claim.GetProperty("value").GetString() == "mfa");
    }

    [Fact]
    public async Task Given_a_wrong_code_When_signing_in_Then_the_person_stays_signed_out()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Merchant);
        var browser = Api.CreateHttpsClient();
        await SignIn(browser, user.Email, Password);
        var key = await EnrolAsync(browser);

        var again = Api.CreateHttpsClient();
        await SignIn(again, user.Email, Password);
        var wrong = Totp.Now(key) == "000000" ? "000001" : "000000";
        using var refused = await PostForm(again, "/account/signin/code", new() { ["code"] = wrong });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Given_a_recovery_code_When_it_is_used_twice_Then_only_the_first_sign_in_succeeds()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Developer);
        var browser = Api.CreateHttpsClient();
        await SignIn(browser, user.Email, Password);
        var (_, recoveryCodes) = await EnrolWithCodesAsync(browser);
        Assert.Equal(10, recoveryCodes.Count);

        var first = Api.CreateHttpsClient();
        await SignIn(first, user.Email, Password);
        using var accepted = await PostForm(first, "/account/signin/code", new() { ["recoveryCode"] = recoveryCodes[3].ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);

        var second = Api.CreateHttpsClient();
        await SignIn(second, user.Email, Password);
        using var refused = await PostForm(second, "/account/signin/code", new() { ["recoveryCode"] = recoveryCodes[3] });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await using var scope = Api.Services.CreateAsyncScope();
        Assert.Equal(9, await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DataPortUser>>()
            .CountRecoveryCodesAsync(await Api.FindStoredUserAsync(user.Email)));
    }

    [Fact]
    public async Task Given_an_operator_without_a_second_factor_When_they_sign_in_Then_they_must_set_one_up_before_anything_else()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Operator);
        var browser = Api.CreateHttpsClient();

        using var password = await SignIn(browser, user.Email, Password);
        Assert.StartsWith("/account/two-factor", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);

        await EnrolAsync(browser);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        using var off = await PostForm(browser, "/account/two-factor/disable", []);
        Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
        Assert.True((await Api.FindStoredUserAsync(user.Email)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Given_someone_with_only_the_password_of_an_enrolled_account_When_they_try_to_enrol_their_own_phone_Then_they_cannot()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Operator);
        var owner = Api.CreateHttpsClient();
        await SignIn(owner, user.Email, Password);
        var ownersKey = await EnrolAsync(owner);

        var intruder = Api.CreateHttpsClient();
        await SignIn(intruder, user.Email, Password);
        using var setUp = await intruder.GetAsync("/account/two-factor");
        Assert.StartsWith("/account/signin/code", setUp.Headers.Location?.OriginalString);
        using var confirm = await PostForm(intruder, "/account/two-factor", new() { ["code"] = Totp.Now(ownersKey) }, formPage: "/account/signin/code");

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await intruder.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Given_a_session_elsewhere_When_the_person_turns_on_two_factor_Then_that_session_ends_within_a_minute()
    {
        var clock = new ManualClock();
        await using var api = fixture.SecondServer(clock);
        var user = await api.CreateUserAsync(await api.CreateOrganisationAsync(), Password, DataPortRoles.Merchant);
        var laptop = api.CreateHttpsClient();
        await SignIn(laptop, user.Email, Password);
        var phone = api.CreateHttpsClient();
        await SignIn(phone, user.Email, Password);

        await EnrolAsync(phone);
        clock.Advance(TimeSpan.FromMinutes(1.5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Given_an_enrolled_account_When_its_row_is_read_Then_neither_the_key_nor_the_recovery_codes_are_in_clear()
    {
        var user = await Api.CreateUserAsync(await Api.CreateOrganisationAsync(), Password, DataPortRoles.Regulator);
        var browser = Api.CreateHttpsClient();
        await SignIn(browser, user.Email, Password);
        var (key, recoveryCodes) = await EnrolWithCodesAsync(browser);

        await using var scope = Api.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<UsersDbContext>().UserTokens
            .Where(token => token.UserId == user.Id).Select(token => token.Value ?? "").ToListAsync();

        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(stored, value => value.Contains(key, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(stored, value => recoveryCodes.Any(code => value.Contains(code, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Sets up an authenticator on the two-factor page; returns its key.</summary>
    private static async Task<string> EnrolAsync(HttpClient browser) => (await EnrolWithCodesAsync(browser)).Key;

    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolWithCodesAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/account/two-factor");
        var key = AuthenticatorKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.Contains($"secret={key}", page, StringComparison.Ordinal);

        using var confirmed = await PostForm(browser, "/account/two-factor", new() { ["code"] = Totp.Now(key) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = RecoveryCode().Matches(await confirmed.Content.ReadAsStringAsync()).Select(match => match.Groups[1].Value).ToList();
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient browser, string email, string password) =>
        await PostForm(browser, "/account/signin", new() { ["email"] = email, ["password"] = password }, formPage: "/account/signin");

    /// <summary>Posts a form the way a browser does: with the antiforgery field of a page it was served.</summary>
    private static async Task<HttpResponseMessage> PostForm(
        HttpClient browser, string path, Dictionary<string, string> fields, string formPage = "/account/signin")
    {
        var page = await browser.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(path, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<code data-authenticator-key>([^<]+)</code>")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
