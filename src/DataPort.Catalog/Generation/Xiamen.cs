namespace DataPort.Catalog.Generation;

/// <summary>A Xiamen district with its GB/T 2260 division code, some of its real roads and sub-districts.</summary>
public sealed record District(
    string Name,
    string Code,
    IReadOnlyList<string> Roads,
    IReadOnlyList<string> Streets,
    double MinLongitude,
    double MaxLongitude,
    double MinLatitude,
    double MaxLatitude);

/// <summary>Reference data for Xiamen, so synthetic rows look like the city's own exports.</summary>
public static class Xiamen
{
    /// <summary>The city's division code (厦门市) used where a record is registered at city level.</summary>
    public const string CityCode = "350200";

    // Rough boxes around each district's built-up area; all inside the city's bounding box below.
    public static readonly IReadOnlyList<District> Districts =
    [
        new("思明区", "350203",
            ["中山路", "厦禾路", "湖滨南路", "湖滨北路", "湖滨东路", "莲前西路", "莲前东路", "嘉禾路", "鹭江道", "思明南路", "思明北路", "环岛路", "文屏路", "禾祥西路", "演武路", "开元路", "金榜路", "莲岳路"],
            ["鹭江", "中华", "厦港", "滨海", "嘉莲", "莲前", "梧村", "筼筜", "开元", "鼓浪屿"],
            118.06, 118.19, 24.43, 24.50),
        new("海沧区", "350205",
            ["海沧大道", "新阳大道", "马青路", "翁角路", "角嵩路", "钟林路", "兴港路", "沧虹路"],
            ["海沧", "新阳", "嵩屿", "东孚"],
            117.95, 118.06, 24.45, 24.58),
        new("湖里区", "350206",
            ["湖里大道", "江头北路", "金尚路", "吕岭路", "兴隆路", "安岭路", "华荣路", "悦华路", "枋钟路", "仙岳路", "高崎南路"],
            ["湖里", "殿前", "禾山", "江头", "金山"],
            118.08, 118.19, 24.49, 24.55),
        new("集美区", "350211",
            ["集美大道", "杏林湾路", "银江路", "嘉庚路", "岑东路", "杏锦路", "孙坂南路", "石鼓路"],
            ["集美", "侨英", "杏林", "杏滨", "灌口", "后溪"],
            117.98, 118.11, 24.57, 24.68),
        new("同安区", "350212",
            ["同集南路", "同集中路", "环城南路", "环城西路", "银湖中路", "美溪道", "大同路"],
            ["大同", "祥平", "五显", "西柯", "新民"],
            118.05, 118.20, 24.70, 24.85),
        new("翔安区", "350213",
            ["翔安南路", "翔安北路", "翔安东路", "舫山北路", "洪钟大道", "滨海东大道", "新店路"],
            ["新店", "马巷", "内厝", "大嶝", "新圩"],
            118.22, 118.38, 24.56, 24.72),
    ];

    // The whole city, islands included; generated coordinates never leave it.
    public const double MinLongitude = 117.87;
    public const double MaxLongitude = 118.50;
    public const double MinLatitude = 24.39;
    public const double MaxLatitude = 24.92;

    public static District? FindDistrict(string nameOrCode) =>
        Districts.FirstOrDefault(d => d.Name == nameOrCode || d.Code == nameOrCode);

    /// <summary>Mobile number segments in use by China Mobile, China Unicom, China Telecom and China Broadnet.</summary>
    public static readonly IReadOnlyList<string> MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
        "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
        "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "192", "193", "195", "198", "199",
    ];

    // Minnan surnames weigh the mix: 陈, 林, 黄 and 蔡 are far more common here than nationally.
    public static readonly IReadOnlyList<string> Surnames =
    [
        "陈", "陈", "陈", "林", "林", "林", "黄", "黄", "张", "李", "王", "吴", "刘", "蔡", "蔡", "杨", "许",
        "郑", "谢", "洪", "郭", "邱", "曾", "廖", "赖", "徐", "周", "叶", "苏", "庄", "吕", "江", "何", "柯", "卢", "欧阳",
    ];

    public static readonly IReadOnlyList<string> GivenNameCharacters =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
        "霞", "平", "刚", "桂", "文", "辉", "鑫", "华", "志", "婷", "雪", "燕", "玲", "建", "国", "荣", "晓", "俊",
        "宇", "浩", "欣", "怡", "子", "梓", "涵", "诗", "嘉", "铭", "思", "雨", "晨", "阳", "鹭", "海", "泽", "凯",
    ];

    public static readonly IReadOnlyList<string> CompanyWords =
    [
        "鹭岛", "嘉禾", "海峡", "金砖", "鼓浪", "筼筜", "五缘", "同创", "翔鹭", "集盛", "海沧", "象屿", "建发",
        "国贸", "云上", "数智", "星辰", "蓝海", "闽南", "海丝", "万联", "信达", "恒通", "远洋", "凤凰", "白鹭",
    ];

    public static readonly IReadOnlyList<string> CompanyTrades =
    [
        "科技", "信息技术", "网络科技", "数据服务", "软件", "餐饮管理", "贸易", "物流", "供应链", "建设工程",
        "文化传媒", "旅游发展", "电子", "医疗器械", "食品", "物业管理", "商贸", "智能装备",
    ];

    public static readonly IReadOnlyList<string> CompanyForms = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"];

    public static readonly IReadOnlyList<string> EmailDomains = ["qq.com", "163.com", "126.com", "139.com", "sina.com", "outlook.com", "189.cn"];

    // Public IPv4 blocks announced by Fujian's carriers; synthetic addresses stay plausible for the city.
    public static readonly IReadOnlyList<string> IpPrefixes = ["27.148", "27.154", "36.248", "110.80", "110.84", "117.25", "117.28", "120.41", "120.42", "218.5", "218.104", "59.57"];
}
