using System.Buffers;
using System.Text;
using DataPort.Privacy.Masking;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataPort.Privacy.Tests.Masking;

/// <summary>
/// The pipeline masks on UTF-8 for speed; the string form is the definition. These tests hold the two roads
/// to the same bytes over awkward values, and our SM3 to BouncyCastle's.
/// </summary>
public class Utf8MaskingTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a dataset secret of thirty-two b");
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void Given_the_standard_examples_When_hashed_with_SM3_Then_the_digests_match_GB_T_32905(string message, string expected)
    {
        var digest = new byte[32];
        Sm3.Hash(Encoding.ASCII.GetBytes(message), digest);
        Assert.Equal(expected, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Given_keys_and_messages_of_every_awkward_length_When_MACed_Then_HMAC_SM3_matches_BouncyCastle()
    {
        var random = new Random(7);
        foreach (var keyLength in new[] { 16, 32, 63, 64, 65, 100, 200 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var ours = new HmacSm3(key);
            var theirs = new HMac(new SM3Digest());
            theirs.Init(new KeyParameter(key));
            for (var length = 0; length <= 200; length++)
            {
                var message = new byte[length];
                random.NextBytes(message);
                var expected = new byte[32];
                theirs.BlockUpdate(message, 0, message.Length);
                theirs.DoFinal(expected, 0);
                var actual = new byte[32];
                ours.Compute(message, actual);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"key {keyLength} bytes, message {length} bytes");
            }
        }
    }

    public static TheoryData<string> Operators() =>
    [
        "operator: pseudonym, length: 16",
        "operator: pseudonym, length: 9",
        "operator: pseudonym, length: 64",
        "operator: partial, keep_first: 3, keep_last: 4",
        "operator: partial, keep_first: 6, keep_last: 0",
        "operator: partial, keep_first: 0, keep_last: 2, mask_char: \"×\"",
        "operator: partial, keep_first: 1, keep_last: 1, mask_char: \"#\"",
        "operator: redact, replacement: \"[删]\"",
        "operator: redact, replacement: \"\"",
        "operator: generalise, to: district",
        "operator: generalise, to: age_band, band: 10",
        "operator: generalise, to: age_band, band: 1",
        "operator: generalise, to: year",
        "operator: generalise, to: month",
        "operator: generalise, to: grid, decimals: 2",
        "operator: generalise, to: ip_prefix",
        "operator: replace_spans",
        "operator: keep",
    ];

    [Theory]
    [MemberData(nameof(Operators))]
    public void Given_awkward_values_When_masked_on_UTF8_Then_the_bytes_are_the_string_masks_UTF8(string operatorYaml)
    {
        var policy = PolicyLoader.Load(Encoding.UTF8.GetBytes($"name: t\ncolumns:\n  c: {{ entity: address, {operatorYaml} }}\n"), "t.yaml");
        var spec = policy.OperatorOf("c", "address");
        var byString = Maskers.Create(spec, Secret, Today);
        var byUtf8 = Maskers.Create(spec, Secret, Today);
        var output = new ArrayBufferWriter<byte>();
        foreach (var value in AwkwardValues())
        {
            output.ResetWrittenCount();
            Utf8Masking.Mask(byUtf8, Encoding.UTF8.GetBytes(value), output);
            var expected = byString.Mask(value);
            Assert.True(Encoding.UTF8.GetBytes(expected).AsSpan().SequenceEqual(output.WrittenSpan),
                $"{spec.Describe()} of '{value}': expected '{expected}', got '{Encoding.UTF8.GetString(output.WrittenSpan)}'");
        }
    }

    [Fact]
    public void Given_values_with_white_space_at_either_end_When_trimmed_on_UTF8_Then_the_result_is_string_Trim()
    {
        foreach (var value in AwkwardValues().Concat(["\u3000\u00A0 x \u2028", "\u0085a\u0085", "\t\r\n", "\u200Bx\u200B", "\u001Fx\u001C", "𠀀 ", " \u180E"]))
        {
            var trimmed = Utf8Masking.Trim(Encoding.UTF8.GetBytes(value));
            Assert.Equal(value.Trim(), Encoding.UTF8.GetString(trimmed));
        }
    }

    [Fact]
    public void Given_many_distinct_values_When_pseudonymised_past_the_cache_Then_every_pseudonym_is_still_right()
    {
        var cached = new PseudonymMasker(Secret, 16);
        var reference = new HMac(new SM3Digest());
        reference.Init(new KeyParameter(Secret));
        var digest = new byte[32];
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 150_000; i += 7)
        {
            // Revisit earlier values too, so hits after the cache was emptied are checked as well.
            var value = Encoding.UTF8.GetBytes($"user{i % 90_000}@example.com");
            output.ResetWrittenCount();
            Utf8Masking.Mask(cached, value, output);
            reference.BlockUpdate(value, 0, value.Length);
            reference.DoFinal(digest, 0);
            Assert.Equal(Convert.ToHexStringLower(digest)[..16], Encoding.ASCII.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void Given_a_column_of_distinct_values_When_the_cache_stands_aside_and_returns_Then_every_pseudonym_is_still_right()
    {
        var masker = new PseudonymMasker(Secret, 16);
        var reference = new HMac(new SM3Digest());
        reference.Init(new KeyParameter(Secret));
        var digest = new byte[32];
        var output = new ArrayBufferWriter<byte>();
        // A window of distinct values sends the cache aside for sixteen windows; then repeated values bring it back.
        const int distinct = (1 << 16) * 17 + 1_000;
        for (var i = 0; i < distinct + 5_000; i++)
        {
            var value = Encoding.UTF8.GetBytes(i < distinct ? $"user{i}@example.com" : $"name{i % 50}");
            output.ResetWrittenCount();
            Utf8Masking.Mask(masker, value, output);
            if (i % 101 == 0 || i >= distinct)
            {
                reference.BlockUpdate(value, 0, value.Length);
                reference.DoFinal(digest, 0);
                Assert.Equal(Convert.ToHexStringLower(digest)[..16], Encoding.ASCII.GetString(output.WrittenSpan));
            }
        }
    }

    private static IEnumerable<string> AwkwardValues()
    {
        var people = new SyntheticPeople(3);
        for (var i = 0; i < 40; i++)
        {
            var p = people.Next();
            yield return p.Name;
            yield return p.ResidentId;
            yield return p.Mobile;
            yield return p.Address;
            yield return p.Plate;
            yield return p.Email;
            yield return p.Remark;
            yield return p.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        yield return "a";
        yield return "ab";
        yield return "闽";
        yield return "𠀀";
        yield return "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇";
        yield return "1𠀀2345678";
        yield return "138😀12345678";
        yield return "é́ñ";
        yield return "  padded  ";
        yield return "\u3000厦门市思明区\u3000";
        yield return "厦门市湖里区金山小区5号楼";
        yield return "某地某处";
        yield return "社区服务中心";
        yield return "1985年3月7日";
        yield return "19850307";
        yield return "2030-01-01";
        yield return "1985-03-07 00:00:00";
        yield return "24.479812,118.089411";
        yield return "118.1";
        yield return "2001:db8:85a3::8a2e:370:7334";
        yield return "192.168.31.20";
        yield return "😀联系人欧阳娜娜😀tel13912345678，住址：福建省厦门市思明区湖滨南路1号。";
        yield return "护照E12345678，港澳通行证C01234567，银行卡6222021234567890123，座机0592-5123456，IP 10.1.2.3";
        yield return "tel:13812345678;mail:a@b.cn;350203198503070013abc350203198503070013";
        yield return string.Concat(Enumerable.Repeat("申请人陈一办理业务，电话13812345678，", 80));
        yield return new string('x', 300);
    }
}
