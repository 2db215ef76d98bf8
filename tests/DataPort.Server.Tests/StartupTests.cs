using Microsoft.Extensions.Options;

namespace DataPort.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Given_no_connection_string_When_the_server_starts_Then_it_fails_naming_the_setting()
    {
        using var api = new DataPortApi(connectionString: null);

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("ConnectionStrings:DataPort", error.Message);
    }
}
