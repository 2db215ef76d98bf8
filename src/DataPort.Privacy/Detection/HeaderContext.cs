namespace DataPort.Privacy.Detection;

/// <summary>What a column's header says about its content, in Chinese and English.</summary>
public enum HeaderHint
{
    None,
    /// <summary>The header names this entity (身份证号 for a resident id).</summary>
    Supports,
    /// <summary>The header names a kind of identifier that merely looks like this entity (订单号 for an 11-digit number).</summary>
    Contradicts,
}

public static class HeaderContext
{
    private static readonly Dictionary<string, (string[] Chinese, string[] English)> Positive = new()
    {
        [EntityIds.ResidentId] = (["身份证", "证件号", "身份号", "公民身份", "证件号码"], ["idcard", "id_card", "idno", "identity", "resident", "sfz", "sfzh", "citizen"]),
        [EntityIds.Mobile] = (["手机", "电话", "联系方式", "联系号码"], ["mobile", "phone", "tel", "cell", "cellphone", "telephone"]),
        [EntityIds.Landline] = (["电话", "座机", "固话", "联系方式", "办公电话"], ["landline", "phone", "tel", "telephone", "fax"]),
        [EntityIds.Email] = (["邮箱", "邮件", "电邮"], ["email", "mail", "e-mail"]),
        [EntityIds.Uscc] = (["信用代码", "社会信用", "统一代码", "机构代码"], ["uscc", "credit"]),
        [EntityIds.BankCard] = (["银行卡", "卡号", "账号", "帐号", "账户", "银行账"], ["card", "bank", "account", "iban"]),
        [EntityIds.LicensePlate] = (["车牌", "号牌", "车号"], ["plate", "vehicle", "license"]),
        [EntityIds.Address] = (["地址", "住址", "居住地", "户籍地", "住所", "通讯地址"], ["address", "addr", "residence"]),
        [EntityIds.DateOfBirth] = (["出生", "生日"], ["birth", "birthday", "dob", "born"]),
        [EntityIds.IpAddress] = (["IP地址", "ip地址", "登录IP"], ["ip", "ipv4", "ipv6"]),
        [EntityIds.Passport] = (["护照"], ["passport"]),
        [EntityIds.HkMacauPermit] = (["港澳", "通行证", "回乡证"], ["permit"]),
        [EntityIds.GeoCoordinate] = (["坐标", "经纬", "经度", "纬度", "定位", "位置"], ["lat", "lng", "lon", "latitude", "longitude", "coordinate", "coordinates", "gps", "location", "geo"]),
        [EntityIds.PersonName] = (["姓名", "名字", "联系人", "户主", "法人", "负责人", "患者", "申请人", "客户名"], ["name", "fullname", "contact", "person"]),
        [EntityIds.FreeTextWithPii] = (["备注", "描述", "说明", "内容", "留言", "投诉", "详情", "摘要"], ["remark", "remarks", "note", "notes", "comment", "comments", "description", "text", "memo", "message"]),
    };

    // Identifiers that are not about a person: an order or serial number with eleven or eighteen digits.
    private static readonly string[] NegativeChinese = ["编号", "序列号", "序号", "订单", "流水", "单号", "批次", "工单", "条码", "票号", "发票", "合同号", "运单"];
    private static readonly string[] NegativeEnglish = ["serial", "order", "sequence", "seq", "batch", "tracking", "txn", "transaction", "invoice", "sku", "barcode", "waybill", "ticket"];

    /// <summary>The entities whose shape plain numbering schemes imitate; only these are lowered by a contradicting header.</summary>
    private static readonly HashSet<string> NumberLike = [EntityIds.ResidentId, EntityIds.Mobile, EntityIds.Landline, EntityIds.BankCard, EntityIds.Passport, EntityIds.HkMacauPermit, EntityIds.Uscc];

    public static HeaderHint For(string header, string entity)
    {
        var tokens = Tokens(header);
        if (Positive.TryGetValue(entity, out var words) && (ContainsAny(header, words.Chinese) || MatchesAny(tokens, words.English)))
        {
            return HeaderHint.Supports;
        }
        if (NumberLike.Contains(entity) && (ContainsAny(header, NegativeChinese) || MatchesAny(tokens, NegativeEnglish)))
        {
            return HeaderHint.Contradicts;
        }
        return HeaderHint.None;
    }

    private static bool ContainsAny(string header, string[] words)
    {
        foreach (var word in words)
        {
            if (header.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    // English keywords match whole tokens, or token prefixes for words of four letters or more
    // ("birthdate", "phonenumber"), so "ip" does not fire inside "description".
    private static bool MatchesAny(List<string> tokens, string[] words)
    {
        foreach (var token in tokens)
        {
            foreach (var word in words)
            {
                if (token == word || (word.Length >= 4 && token.StartsWith(word, StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Lower-case ASCII tokens split at non-letters and at camelCase boundaries.</summary>
    internal static List<string> Tokens(string header)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            var boundary = !char.IsAsciiLetterOrDigit(c) || (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(header[i - 1]));
            if (boundary && current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }
        return tokens;
    }
}
