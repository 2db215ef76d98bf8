using System.Globalization;

namespace DataPort.Privacy.Synthetic;

/// <summary>
/// A wide synthetic table of 22 columns, as a service-desk export might hold: the residents of
/// <see cref="SyntheticPeople"/> with a precise location, sex, landline, bank card, IP address, company code and a
/// second free-text column, beside order columns that are not personal. For the benchmark of the whole pipeline.
/// </summary>
public static class SyntheticWideCsv
{
    public static readonly string[] Header =
    [
        "姓名", "性别", "身份证号", "手机号", "固定电话", "邮箱", "住址", "位置", "出生日期", "车牌号", "银行卡号",
        "IP地址", "订单号", "下单时间", "金额", "数量", "商户", "渠道", "状态", "统一社会信用代码", "备注", "评价",
    ];

    private static readonly (string District, double Latitude, double Longitude)[] Centres =
    [
        ("思明区", 24.4606, 118.1083), ("湖里区", 24.5121, 118.1468), ("海沧区", 24.4844, 118.0327),
        ("集美区", 24.5759, 118.0971), ("同安区", 24.7228, 118.1519), ("翔安区", 24.6183, 118.2472),
    ];

    private static readonly string[] Shops = ["鹭岛便利店", "沙坡尾咖啡", "中山路药房", "曾厝垵小吃", "SM城市广场", "万象城", "集美学村书店", "海沧湾超市"];
    private static readonly string[] Channels = ["小程序", "APP", "门店", "电话"];
    private static readonly string[] States = ["已完成", "已退款", "配送中", "已取消"];
    private static readonly string[] Companies = ["91350200MA2YQ3N92C", "91350203612005876K", "91350206260141234X", "91350211MA31UKJW5T"];

    public static void Write(string path, int rows, int seed)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', Header));
        writer.Write('\n');
        var people = new SyntheticPeople(seed);
        var random = new Random(seed + 1);
        var invariant = CultureInfo.InvariantCulture;
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            var p = people.Next();
            var centre = Centres.FirstOrDefault(c => p.Address.Contains(c.District, StringComparison.Ordinal), Centres[0]);
            // About 3 km around the district's centre, to a metre or so: every point is its own.
            var latitude = centre.Latitude + Gaussian(random) * 0.03;
            var longitude = centre.Longitude + Gaussian(random) * 0.03;
            var sex = (p.ResidentId[16] - '0') % 2 == 1 ? "男" : "女";
            var landline = $"0592-{random.Next(2_000_000, 9_999_999)}";
            var card = $"6222{random.NextInt64(100_000_000_000, 999_999_999_999)}";
            var ip = $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";
            var ordered = start.AddSeconds(random.Next(0, 300 * 86_400));
            string[] fields =
            [
                p.Name, sex, p.ResidentId, p.Mobile, landline, p.Email, p.Address,
                string.Create(invariant, $"{latitude:F6},{longitude:F6}"),
                p.BirthDate.ToString("yyyy-MM-dd", invariant), p.Plate, card, ip, p.OrderNumber,
                ordered.ToString("yyyy-MM-dd HH:mm:ss", invariant), p.Amount.ToString("F2", invariant),
                random.Next(1, 20).ToString(invariant), Shops[random.Next(Shops.Length)], Channels[random.Next(Channels.Length)],
                States[random.Next(States.Length)], Companies[random.Next(Companies.Length)], p.Remark,
                random.Next(4) == 0 ? $"服务很好，有问题请联系{p.Mobile}" : "服务很好，下次还来",
            ];
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0)
                {
                    writer.Write(',');
                }
                SyntheticCsv.WriteQuoted(writer, fields[f]);
            }
            writer.Write('\n');
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
