using System.Globalization;
using System.Text;

namespace DataPort.Privacy.Synthetic;

/// <summary>Writes synthetic residents as a UTF-8 CSV with the column headers a Xiamen register would use.</summary>
public static class SyntheticCsv
{
    public static readonly string[] Header = ["姓名", "身份证号", "手机号", "住址", "车牌号", "出生日期", "邮箱", "订单号", "金额", "备注"];

    public static void Write(string path, int rows, int seed)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        Write(writer, rows, seed, _ => { });
    }

    public static void Write(TextWriter writer, int rows, int seed, Action<SyntheticPerson> onPerson)
    {
        writer.Write(string.Join(',', Header));
        writer.Write('\n');
        var people = new SyntheticPeople(seed);
        for (var i = 0; i < rows; i++)
        {
            var p = people.Next();
            onPerson(p);
            writer.Write(p.Name);
            writer.Write(',');
            writer.Write(p.ResidentId);
            writer.Write(',');
            writer.Write(p.Mobile);
            writer.Write(',');
            writer.Write(p.Address);
            writer.Write(',');
            writer.Write(p.Plate);
            writer.Write(',');
            writer.Write(p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(p.Email);
            writer.Write(',');
            writer.Write(p.OrderNumber);
            writer.Write(',');
            writer.Write(p.Amount.ToString("F2", CultureInfo.InvariantCulture));
            writer.Write(',');
            WriteQuoted(writer, p.Remark);
            writer.Write('\n');
        }
    }

    public static void WriteQuoted(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
