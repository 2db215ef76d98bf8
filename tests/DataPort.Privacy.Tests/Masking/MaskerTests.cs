using DataPort.Privacy.Masking;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;
using DataPort.Privacy.Text;

namespace DataPort.Privacy.Tests.Masking;

public class MaskerTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("13812345678", 3, 4, "138****5678")]
    [InlineData("350203198503070013", 6, 0, "350203************")]
    [InlineData("闽D12345", 2, 0, "闽D*****")]
    [InlineData("1234", 3, 4, "****")] // too short to keep anything
    public void Given_partial_masks_When_applied_Then_only_the_kept_ends_remain(string value, int first, int last, string expected)
    {
        Assert.Equal(expected, new PartialMasker(first, last, '*').Mask(value));
    }

    [Fact]
    public void Given_a_secret_When_pseudonymised_twice_Then_the_pseudonym_is_stable_and_keyed()
    {
        var first = new PseudonymMasker(Secret, 16).Mask("张三");
        var again = new PseudonymMasker(Secret, 16).Mask("张三");
        var otherKey = new PseudonymMasker([.. Secret.Reverse()], 16).Mask("张三");
        var otherValue = new PseudonymMasker(Secret, 16).Mask("李四");
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherKey);
        Assert.NotEqual(first, otherValue);
        Assert.Matches("^[0-9a-f]{16}$", first);
    }

    [Fact]
    public void Given_HMAC_SM3_When_computed_Then_it_matches_an_independent_implementation()
    {
        // HMAC (RFC 2104) over SM3 computed from BouncyCastle's SM3Digest by hand: guards the keyed construction.
        var digest = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        byte[] Sm3(byte[] data)
        {
            digest.Reset();
            digest.BlockUpdate(data, 0, data.Length);
            var output = new byte[32];
            digest.DoFinal(output, 0);
            return output;
        }
        var key = new byte[64];
        Secret.CopyTo(key, 0);
        var message = System.Text.Encoding.UTF8.GetBytes("13812345678");
        var inner = Sm3([.. key.Select(b => (byte)(b ^ 0x36)), .. message]);
        var expected = Convert.ToHexStringLower(Sm3([.. key.Select(b => (byte)(b ^ 0x5c)), .. inner]));
        Assert.Equal(expected[..32], new PseudonymMasker(Secret, 32).Mask("13812345678"));
    }

    [Theory]
    [InlineData(GeneraliseTo.Year, "1985-03-07", "1985")]
    [InlineData(GeneraliseTo.Month, "1985年3月7日", "1985-03")]
    [InlineData(GeneraliseTo.AgeBand, "1985-03-07", "40-49")]
    [InlineData(GeneraliseTo.AgeBand, "2000-11-23", "20-29")] // turns 26 tomorrow: still 25
    [InlineData(GeneraliseTo.AgeBand, "not a date", "*")]
    [InlineData(GeneraliseTo.District, "福建省厦门市思明区湖滨南路123号", "福建省厦门市思明区")]
    [InlineData(GeneraliseTo.District, "厦门市湖里区金山小区5号楼", "厦门市湖里区")]
    [InlineData(GeneraliseTo.District, "某地某处", "*")]
    [InlineData(GeneraliseTo.Grid, "24.479812,118.089411", "24.47,118.08")]
    [InlineData(GeneraliseTo.IpPrefix, "192.168.31.20", "192.168.31.0/24")]
    public void Given_generalisations_When_applied_Then_values_coarsen(GeneraliseTo to, string value, string expected)
    {
        Assert.Equal(expected, new GeneraliseMasker(to, 10, 2, Today).Mask(value));
    }

    [Fact]
    public void Given_free_text_When_masked_Then_only_the_embedded_spans_change()
    {
        var id = SyntheticPeople.ResidentIdFor("350203", new DateOnly(1985, 3, 7), 1);
        var text = $"联系人张伟，电话13812345678，邮箱zhang.wei@example.com，身份证{id}，车牌闽D12345, IP 10.1.2.3。";
        Assert.Equal("联系人[person_name]，电话[cn_mobile]，邮箱[email]，身份证[cn_resident_id]，车牌[cn_license_plate], IP [ip_address]。",
            new SpanMasker().Mask(text));
    }

    [Fact]
    public void Given_text_with_an_honorific_and_an_address_When_scanned_Then_both_are_spans()
    {
        var spans = PiiSpanScanner.Scan("王先生家住厦门市思明区莲前西路88号，来电0592-5123456");
        Assert.Contains(spans, s => s.Entity == "person_name");
        Assert.Contains(spans, s => s.Entity == "address");
        Assert.Contains(spans, s => s.Entity == "cn_landline");
    }

    [Fact]
    public void Given_redact_When_applied_Then_the_value_is_replaced_and_empty_stays_empty()
    {
        var masker = new RedactMasker("***");
        Assert.Equal("***", masker.Mask("secret"));
        Assert.Equal("", masker.Mask(""));
    }
}
