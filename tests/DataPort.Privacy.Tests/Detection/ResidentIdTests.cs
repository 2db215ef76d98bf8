using DataPort.Privacy.Detection;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Detection;

public class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("11010519491231002X")] // GB 11643 annex example
    [InlineData("350203198503070013")]
    [InlineData("350211200001010019")]
    [InlineData("350203850307001")] // 15-digit legacy form, born 1985-03-07
    public void Given_valid_ids_When_validated_Then_they_pass(string id)
    {
        Assert.True(ResidentId.IsValid(WithCheck(id), Today));
    }

    [Theory]
    [InlineData("350203198503070010", "wrong check digit")]
    [InlineData("990203198503070013", "province 99 does not exist")]
    [InlineData("350299198503070013", "no Xiamen district 99")]
    [InlineData("350203198502300013", "30 February")]
    [InlineData("350203203001010013", "born in the future")]
    [InlineData("3502031985030700", "16 digits")]
    [InlineData("35020319850307001A", "letter other than X")]
    [InlineData("350203851307001", "15-digit form with month 13")]
    public void Given_invalid_ids_When_validated_Then_they_fail(string id, string why)
    {
        var candidate = why == "wrong check digit" || id.Length != 18 || !char.IsAsciiDigit(id[17]) ? id : WithCheck(id);
        Assert.False(ResidentId.IsValid(candidate, Today), why);
    }

    [Fact]
    public void Given_an_18_digit_serial_When_validated_Then_most_fail_the_check_digit()
    {
        var random = new Random(7);
        var passing = 0;
        for (var i = 0; i < 1000; i++)
        {
            var serial = "3502" + string.Concat(Enumerable.Range(0, 14).Select(_ => (char)('0' + random.Next(10))));
            passing += ResidentId.IsValid(serial, Today) ? 1 : 0;
        }
        Assert.True(passing < 30, $"{passing} random serials passed");
    }

    [Fact]
    public void Given_the_synthetic_generator_When_ids_are_checked_Then_all_are_valid()
    {
        var people = new SyntheticPeople(1);
        for (var i = 0; i < 500; i++)
        {
            Assert.True(ResidentId.IsValid(people.Next().ResidentId, Today));
        }
    }

    /// <summary>Replaces the last character with the correct GB 11643 check character (18-digit ids only).</summary>
    private static string WithCheck(string id) => id.Length == 18 ? id[..17] + ResidentId.CheckCharacter(id.AsSpan(0, 17)) : id;
}
