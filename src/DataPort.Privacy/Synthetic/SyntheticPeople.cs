using System.Globalization;
using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Synthetic;

/// <summary>
/// Deterministic synthetic residents of Xiamen: resident ids with correct GB 11643 check digits and real
/// district codes, allocated mobile prefixes, Fujian plates (including new-energy ones), addresses by district,
/// and remarks that embed some of those identifiers. No real person's data is involved.
/// </summary>
public sealed class SyntheticPeople(int seed)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "林", "吴", "郑", "许", "蔡", "洪", "曾", "苏", "欧阳"];
    private const string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯晨瑶琳雪梅志鑫";
    private static readonly string[] Roads = ["湖滨南路", "厦禾路", "嘉禾路", "莲前西路", "仙岳路", "环岛东路", "集美大道", "海沧大道", "同安大道", "翔安南路", "鹭江道", "中山路"];
    private static readonly (string Code, string District)[] Districts = [.. RegionCodes.XiamenDistricts.Select(p => (p.Key, p.Value))];
    private static readonly string[] OtherRegions = ["350102", "350583", "350681", "110105", "310115", "440305", "330106", "510107"];
    private static readonly string[] MobilePrefixes = ["130", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "166", "177", "180", "186", "188", "189", "199"];
    private static readonly string[] MailDomains = ["example.com", "mail.example.cn", "test.example.org"];
    private const string PlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    private readonly Random _random = new(seed);
    private long _sequence;

    public SyntheticPerson Next()
    {
        var name = Surnames[_random.Next(Surnames.Length)] + Given();
        var birth = new DateOnly(1940, 1, 1).AddDays(_random.Next(0, 365 * 65));
        var xiamen = _random.Next(10) < 8;
        var district = Districts[_random.Next(Districts.Length)];
        var region = xiamen ? district.Code : OtherRegions[_random.Next(OtherRegions.Length)];
        var id = ResidentIdFor(region, birth, _random.Next(1000));
        var mobile = MobilePrefixes[_random.Next(MobilePrefixes.Length)] + _random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var address = $"福建省厦门市{district.District}{Roads[_random.Next(Roads.Length)]}{_random.Next(1, 999)}号{_random.Next(1, 30)}0{_random.Next(1, 6)}室";
        var plate = Plate();
        var email = $"user{++_sequence}{_random.Next(1000)}@{MailDomains[_random.Next(MailDomains.Length)]}";
        // Eleven digits starting with 1 and an allocated mobile block: exactly what a naive detector calls a phone.
        var order = "13" + _random.Next(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
        var amount = Math.Round((decimal)(_random.NextDouble() * 10_000), 2);
        return new SyntheticPerson(name, id, birth, mobile, address, plate, email, order, amount, Remark(name, mobile, id, plate, email));
    }

    public static string ResidentIdFor(string region, DateOnly birth, int sequence)
    {
        var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + ResidentId.CheckCharacter(first17);
    }

    private string Given()
    {
        var length = _random.Next(1, 3);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = GivenChars[_random.Next(GivenChars.Length)];
        }
        return new string(chars);
    }

    private string Plate()
    {
        var letter = PlateLetters[_random.Next(PlateLetters.Length)];
        if (_random.Next(5) == 0)
        {
            // Small new-energy plate: D (electric) or F (hybrid), a letter or digit, then four digits.
            return $"闽{letter}{(_random.Next(2) == 0 ? 'D' : 'F')}{PlateLetters[_random.Next(PlateLetters.Length)]}{_random.Next(10000):D4}";
        }
        var serial = new char[5];
        for (var i = 0; i < serial.Length; i++)
        {
            serial[i] = _random.Next(3) == 0 ? PlateLetters[_random.Next(PlateLetters.Length)] : (char)('0' + _random.Next(10));
        }
        return $"闽{letter}{new string(serial)}";
    }

    private string Remark(string name, string mobile, string id, string plate, string email) => _random.Next(6) switch
    {
        0 => $"联系人{name}，电话{mobile}，请尽快回访。",
        1 => $"车主反映车辆{plate}在小区门口被剐蹭, 已报警",
        2 => $"客户要求开具发票，邮箱{email}",
        3 => $"身份证号{id}已核验\n资料齐全",
        4 => $"来电号码{mobile}，投诉噪音扰民",
        _ => $"申请人{name}办理业务，证件{id}",
    };
}
