using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Synthetic;

namespace DataPort.Privacy.Tests.Pipeline;

/// <summary>
/// Pins the exact masked output of fixed inputs (fixed secret, fixed day), so that work on the pipeline's speed
/// can prove it changed nothing a reader sees: every value, every null, every suppressed row. The hashes are
/// computed here from the decoded Parquet, independently of the pipeline's own content hash.
/// </summary>
public sealed class GoldenOutputTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Given_synthetic_people_and_rows_to_suppress_When_masked_Then_the_output_is_exactly_the_pinned_one()
    {
        var input = _folder.File("people.csv");
        SyntheticCsv.Write(input, 3000, seed: 11);

        // At k = 5 the search settles on streets and 20-year bands with 5% of the rows suppressed: every part of
        // the release (levels, suppression, masks) shows in the output.
        var report = await Mask(input, TestData.DefaultWithRisk(5, "suppress-rows"));

        var (_, rows, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        Assert.Equal(["street", "years_20"], report.Risk.Levels.Select(l => l.Level));
        Assert.Equal(PinnedSyntheticSuppressed, report.Risk.RowsSuppressed);
        Assert.Equal(PinnedSyntheticFirstRow, string.Join('|', rows[0]));
        Assert.Equal(PinnedSyntheticHash, HashOf(rows));
        Assert.Equal(PinnedSyntheticContentHash, report.Output.ContentHash);
    }

    [Fact]
    public async Task Given_awkward_values_When_masked_Then_each_is_masked_exactly_as_pinned()
    {
        var input = _folder.File("awkward.csv");
        using (var writer = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            // The first thousand rows are ordinary, so the columns are classified as usual; the awkward ones follow.
            SyntheticCsv.Write(writer, 1000, seed: 12, _ => { });
            foreach (var row in AwkwardRows())
            {
                writer.Write(string.Join(',', row.Select(Quote)));
                writer.Write('\n');
            }
        }

        // k = 1: nothing is suppressed and the quasi-identifiers keep their finest levels, so every awkward row shows how it was masked.
        var report = await Mask(input, TestData.DefaultWithRisk(1, "fail"));

        var (_, rows, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        Assert.Equal(0, report.Risk.RowsSuppressed);
        var masked = rows.Skip(1000).Select(r => string.Join('|', r.Select(v => v ?? "<null>"))).ToArray();
        Assert.Equal(PinnedAwkward, masked);
        Assert.Equal(PinnedAwkwardHash, HashOf(rows));
    }

    [Fact]
    public async Task Given_every_operator_When_masked_Then_the_output_is_exactly_the_pinned_one()
    {
        var input = _folder.Write("operators.csv", string.Join('\n',
            "编号,坐标,IP,登记日,开户月,证件,护照,代号,联系,备注,金额",
            "1,\"24.479812,118.089411\",192.168.31.20,1985-03-07,2001/9/11,350203198503070013,E12345678,张三,a@b.cn,无,12.50",
            "2,118.1,2001:db8:85a3::8a2e:370:7334,19991231,1999年12月,  350203198503070013 ,G12345678, 张三 ,x,住在福建省厦门市思明区湖滨南路1号,",
            "3,not a coordinate,999.1.1.1,not a date,2000-02-30,123,E1234567,𠀀,\u3000,王女士来电，电话13812345678,-3",
            "4,,,,,,,,,,") + "\n");
        var policy = TestData.Policy("""
            name: operators
            columns:
              编号: { entity: none }
              坐标: { entity: geo_coordinate, operator: generalise, to: grid, decimals: 1 }
              IP: { entity: ip_address, operator: generalise, to: ip_prefix }
              登记日: { entity: date_of_birth, operator: generalise, to: year }
              开户月: { entity: date_of_birth, operator: generalise, to: month }
              证件: { entity: cn_resident_id, operator: partial, keep_first: 2, keep_last: 2, mask_char: "#" }
              护照: { entity: passport, operator: pseudonym, length: 8 }
              代号: { entity: person_name, operator: pseudonym, length: 64 }
              联系: { entity: email, operator: redact, replacement: "[x]" }
              备注: { entity: free_text_with_pii, operator: replace_spans }
              金额: { grade: important }
            risk:
              k: 1
              quasi_identifiers: []
              on_risk: fail
            """);

        await Mask(input, policy);

        var (names, rows, _) = TestData.ReadParquet(_folder.File("out.parquet"));
        Assert.Equal(["编号", "坐标", "IP", "登记日", "开户月", "证件", "护照", "代号", "联系", "备注", "金额"], names);
        Assert.Equal(PinnedOperators, rows.Select(r => string.Join('|', r.Select(v => v ?? "<null>"))).ToArray());
    }

    private Task<PipelineReport> Mask(string input, MaskingPolicy policy) =>
        PrivacyPipeline.RunAsync(new PipelineRequest(input, _folder.File("out.parquet"), policy, TestData.Secret) { Today = Today });

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>SHA-256 over every decoded value in row order (0x1F after a value, 0x00 for null, 0x1E after a row).</summary>
    private static string HashOf(List<string?[]> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                hash.AppendData(value is null ? [0] : [.. Encoding.UTF8.GetBytes(value), 0x1F]);
            }
            hash.AppendData([0x1E]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<string[]> AwkwardRows()
    {
        var id = SyntheticPeople.ResidentIdFor("350203", new DateOnly(1985, 3, 7), 13);
        var idX = Enumerable.Range(0, 1000).Select(s => SyntheticPeople.ResidentIdFor("350206", new DateOnly(1990, 1, 2), s)).First(v => v.EndsWith('X'));
        var bornTomorrow = SyntheticPeople.ResidentIdFor("350203", Today.AddDays(1), 1);
        yield return [" 王五 ", " " + idX.ToLowerInvariant() + " ", "138 1234 5678", " 福建省厦门市湖里区金山小区5号楼 ", " 闽D12345F ", " 1985-03-07 ", " Zhang.San@Example.COM ", " 13812345678 ", " 1.00 ", " 联系人王五，电话13812345678 "];
        yield return ["赵六", "", "", "", "", "", "", "", "", ""];
        yield return ["\u3000李四\u00A0", "\u3000" + id, "\u200B13912345678", "\u3000厦门市湖里区金山小区5号楼", "闽A", "1985/3/7", "a@b", "x", "\u00A0", "他说\"你好\", 电话13812345678\n邮箱a.b@c.cn，王先生到访"];
        yield return ["𠀀𠀁", id[..17] + "0", "12345", "某地某处", "闽D·12345", "19850307", "user@例子.中国", "𠀀", "0", "😀联系人欧阳娜娜😀tel13912345678，住址：福建省厦门市思明区湖滨南路1号。"];
        yield return ["A", "350203850307001", "+86 138-1234-5678", "厦门市", "京A12345", "1985年3月7日", "@", "", "-0", "护照E12345678，港澳通行证C01234567，银行卡6222021234567890123，座机0592-5123456，IP 10.1.2.3"];
        yield return ["欧阳", bornTomorrow, "13812345678", "福建省厦门市思明区", "闽DD12345", "not a date", "x@y.z", "1", "2", "旧证350203850307001，小区门口"];
        yield return ["林", id, "13812345678", "社区服务中心", "闽D12345", "2030-01-01", "a@b.c", "1", "2", "一切正常"];
        yield return ["陈", id, "13812345678", "福建省厦门市思明区", "闽D12345", "1985-03-07 00:00:00", "a@b.c", "1", "2", string.Concat(Enumerable.Repeat("申请人陈一办理业务，证件" + id + "，", 60))];
        yield return ["黄", id, "13812345678", "福建省厦门市思明区", "闽D12345", "1985-03-07", "a@b.c", "1", "2", "tel:13812345678;mail:a@b.cn;" + id + "abc" + id];
    }

    private const long PinnedSyntheticSuppressed = 149;
    private const string PinnedSyntheticFirstRow = "93dc6198107e2606|350205************|199****3345|福建省厦门市海沧区莲前西路|闽E*****|1980-1999|e6f56f1d7ad50065|13503307839|5851.58|申请人[person_name]理业务，证件[cn_resident_id]";
    private const string PinnedSyntheticHash = "38ff277977a224d4b2a1769975a233f58852800c8276e91f28a9e6086b77c2ec";
    private const string PinnedSyntheticContentHash = "38ff277977a224d4b2a1769975a233f58852800c8276e91f28a9e6086b77c2ec";
    private const string PinnedAwkwardHash = "1d4c48b58518dc92b7febd09c0f32ca100d016fc9002668282c84560e171fda6";

    private static readonly string[] PinnedAwkward =
    [
        "c594d4c6cbe00261|350206************|138******5678|福建省厦门市湖里区|闽D******|1985|5e6366cb8afef0ca| 13812345678 | 1.00 |联系人[person_name]，电话[cn_mobile]",
        "2c249b70ecda4814|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>",
        "c1825be612590508|350203************|\u200B13*****5678|厦门市湖里区|**|1985|2d6f7758bbaf083b|x|\u00A0|他说\"你好\", 电话[cn_mobile]\n邮箱[email]，[person_name]先生到访",
        "1ea517fb63855840|350203************|*****|*|闽D******|1985|cc91805cb0399d3f|𠀀|0|😀联系人[person_name]😀tel[cn_mobile]，住址：[address]。",
        "70d6db1fad86e79d|350203*********|+86**********5678|厦门市|京A*****|1985|bb6832bca3e9fbd0|<null>|-0|护照[passport]，港澳通行证[hk_macau_permit]，银行卡[bank_card]，座机[cn_landline]，IP [ip_address]",
        "63cfd4b2aee5156d|350203************|138****5678|福建省厦门市思明区|闽D******|*|d4a30e94de715342|1|2|旧证[cn_resident_id]，小区门口",
        "fc2b86592fc1a940|350203************|138****5678|*|闽D*****|2030|d688f40a1cbb1a15|1|2|一切正常",
        "10a6b1902fe6d73d|350203************|138****5678|福建省厦门市思明区|闽D*****|1985|d688f40a1cbb1a15|1|2|" + string.Concat(Enumerable.Repeat("申请人[person_name]理业务，证件[cn_resident_id]，", 60)),
        "65751310cad368fc|350203************|138****5678|福建省厦门市思明区|闽D*****|1985|d688f40a1cbb1a15|1|2|tel:[cn_mobile];mail:[email];[cn_resident_id]abc[cn_resident_id]",
    ];

    private static readonly string[] PinnedOperators =
    [
        "1|24.4,118.0|192.168.31.0/24|1985|2001-09|35##############13|c82005b2|a2e937c3ed8e87bea56030138c117a751f015b143ebbccca81c1f2913bfaf603|[x]|无|***",
        "2|118.1|2001:db8:85a3::/48|1999|*|35##############13|38e8eaf6|a2e937c3ed8e87bea56030138c117a751f015b143ebbccca81c1f2913bfaf603|[x]|住在[address]|<null>",
        "3|*|*|*|*|###|61be6517|86fa2b4d00c53a44a0b2c38780906359aaed3391f9e4eb287190e0d31269d320|<null>|[person_name]女士来电，电话[cn_mobile]|***",
        "4|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>|<null>",
    ];
}
