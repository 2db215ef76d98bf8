using DataPort.Catalog.Identifiers;

namespace DataPort.Catalog.Tests;

public class IdentifierTests
{
    [Fact]
    public void Given_a_created_resident_id_Then_it_validates_and_carries_its_parts()
    {
        var id = ResidentIdNumber.Create("350203", new DateOnly(1990, 1, 1), 123);
        Assert.True(ResidentIdNumber.IsValid(id));
        Assert.StartsWith("35020319900101123", id);
    }

    [Fact]
    public void Given_the_standard_example_Then_its_check_character_is_X()
    {
        Assert.Equal('X', ResidentIdNumber.CheckCharacter("11010519491231002"));
        Assert.True(ResidentIdNumber.IsValid("11010519491231002X"));
    }

    [Theory]
    [InlineData("11010519491231002x")] // lower-case check letter: a spelling, not the canonical form
    [InlineData("110105194912310021")] // wrong check digit
    [InlineData("11010519491331002X")] // month 13
    [InlineData("1101051949123100")]
    public void Given_a_broken_resident_id_Then_it_does_not_validate(string id) => Assert.False(ResidentIdNumber.IsValid(id));

    [Fact]
    public void Given_a_created_credit_code_Then_both_check_characters_validate_and_any_change_breaks_it()
    {
        var code = CreditCode.Create("91", "350206", "MA2Y4K0C");
        Assert.True(CreditCode.IsValid(code));
        for (var i = 0; i < 18; i++)
        {
            var replacement = code[i] == '1' ? '2' : '1';
            var tampered = string.Concat(code.AsSpan(0, i), replacement.ToString(), code.AsSpan(i + 1));
            Assert.False(CreditCode.IsValid(tampered), tampered);
        }
    }

    [Theory]
    [InlineData("91350200MA2XXXXXX")] // 17 characters
    [InlineData("91350200IO2Y4K0C00")] // I and O are not in the GB 32100 alphabet
    public void Given_a_malformed_credit_code_Then_it_does_not_validate(string code) => Assert.False(CreditCode.IsValid(code));
}
