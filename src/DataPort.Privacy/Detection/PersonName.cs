namespace DataPort.Privacy.Detection;

/// <summary>Chinese personal names: a surname from the common list followed by one to three given-name characters.</summary>
public static class PersonName
{
    // The ~300 most common single-character surnames cover well over 95% of the population (2020 census).
    internal const string SingleSurnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤" +
        "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝" +
        "洪封揭琚阎鄢佴官蓬茹尉茅姒厉钮皮伏羊奚贝强廉晋雍郁芮闻";

    internal static readonly string[] CompoundSurnames =
        ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "轩辕", "端木", "百里", "呼延", "南宫", "西门"];

    /// <summary>Words that end place and organisation names; a value ending in one is not a personal name.</summary>
    private const string NonNameEndings = "区县市省路街镇乡村号楼局厅处院所部店司厂站场馆园中校";

    public static double Score(ReadOnlySpan<char> value)
    {
        // Names written with the middle dot of minority names (e.g. 阿依古丽·买买提) are kept out of scope.
        if (value.Length is < 2 or > 4 || !AllHan(value) || NonNameEndings.Contains(value[^1]))
        {
            return 0;
        }
        var surnameLength = SurnameLength(value);
        if (surnameLength == 0 || value.Length - surnameLength is < 1 or > 2)
        {
            return 0;
        }
        // Many ordinary words start with a surname character (黄金, 高速), so a lone value is never certain.
        return 0.85;
    }

    public static int SurnameLength(ReadOnlySpan<char> value)
    {
        if (value.Length >= 3)
        {
            foreach (var compound in CompoundSurnames)
            {
                if (value.StartsWith(compound))
                {
                    return 2;
                }
            }
        }
        return value.Length > 0 && SingleSurnames.Contains(value[0]) ? 1 : 0;
    }

    internal static bool AllHan(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsHan(c))
            {
                return false;
            }
        }
        return true;
    }

    internal static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';
}
