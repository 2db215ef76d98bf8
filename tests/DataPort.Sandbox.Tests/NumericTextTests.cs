using DataPort.Sandbox.Queries;

namespace DataPort.Sandbox.Tests;

/// <summary>PostgreSQL's binary numeric, as captured from the server, turned into exact text.</summary>
public sealed class NumericTextTests
{
    [Theory]
    [InlineData("00000000C0000000", "NaN")]
    [InlineData("00000000D0000000", "Infinity")]
    [InlineData("00000000F0000000", "-Infinity")]
    [InlineData("000A000000000021000104D2162E23340D801ED204D2162E23340BB8", "1.123456789012345678901234567890123")]
    [InlineData("0000000000000002", "0.00")]
    [InlineData("00020001400000000001000A", "-10010")]
    [InlineData("0001FFFE000000060C1C", "0.000031")]
    public void Given_a_binary_numeric_Then_its_text_is_exact(string hex, string text) =>
        Assert.Equal(text, ResultValues.NumericText(Convert.FromHexString(hex)));
}
