using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Text;

/// <summary>
/// Finds identifiers embedded in free text (complaints, remarks): numbers and codes by their validators,
/// plates by their province character, and names and addresses only after a cue word (联系人, 住址),
/// because a bare Chinese name cannot be told apart from ordinary words without one.
/// </summary>
public static class PiiSpanScanner
{
    private static readonly string[] NameCues = ["姓名", "联系人", "患者", "户主", "申请人", "经办人", "收件人", "投诉人", "当事人", "车主"];
    private static readonly string[] AddressCues = ["住址", "地址", "住在", "居住于", "家住"];
    private static readonly string[] Honorifics = ["先生", "女士", "小姐"];

    // Characters that end a given name in running text (电话, 手机, 的, 先生 …).
    private const string NameStops = "电手的先女在于说称住家身联反表来去是因和与及等已要请向到拨打，。；、：,.;: 0123456789";

    public static List<PiiSpan> Scan(string text)
    {
        var spans = new List<PiiSpan>();
        Scan(text, spans);
        return spans;
    }

    /// <summary>Fills <paramref name="spans"/> (cleared first) with the spans of <paramref name="text"/>, in order.</summary>
    public static void Scan(string text, List<PiiSpan> spans) => Scan(text.AsSpan(), spans);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scan(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        spans.Clear();
        ScanCodes(text, spans);
        ScanCues(text, spans);
        if (spans.Count > 1)
        {
            spans.Sort(ByStartThenLongest);
        }
    }

    private static readonly Comparison<PiiSpan> ByStartThenLongest = (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length);

    public static bool ContainsPii(string text) => Scan(text).Count > 0;

    /// <summary>Replaces each span with its entity tag ([cn_mobile]); text between spans is kept as written.</summary>
    public static string Redact(string text, List<PiiSpan> spans) => Redact(text, spans, new StringBuilder(text.Length));

    public static string Redact(string text, List<PiiSpan> spans, StringBuilder builder)
    {
        if (spans.Count == 0)
        {
            return text;
        }
        builder.Clear();
        var position = 0;
        foreach (var span in spans)
        {
            if (span.End <= position)
            {
                continue;
            }
            var start = Math.Max(span.Start, position);
            builder.Append(text, position, start - position).Append('[').Append(span.Entity).Append(']');
            position = span.End;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// The same replacement as <see cref="Redact(string, List{PiiSpan}, StringBuilder)"/> into a reused char
    /// buffer (grown when needed); returns the length written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Redact(ReadOnlySpan<char> text, List<PiiSpan> spans, ref char[] buffer)
    {
        var length = 0;
        var position = 0;
        foreach (var span in spans)
        {
            if (span.End <= position)
            {
                continue;
            }
            var start = Math.Max(span.Start, position);
            Append(text[position..start], ref buffer, ref length);
            Append("[", ref buffer, ref length);
            Append(span.Entity, ref buffer, ref length);
            Append("]", ref buffer, ref length);
            position = span.End;
        }
        Append(text[position..], ref buffer, ref length);
        return length;
    }

    private static void Append(ReadOnlySpan<char> part, ref char[] buffer, ref int length)
    {
        if (length + part.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + part.Length));
        }
        part.CopyTo(buffer.AsSpan(length));
        length += part.Length;
    }

    private static bool IsCodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '_' or '+' or '-' or '%';

    private static readonly SearchValues<char> CodeChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@._+-%");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanCodes(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(CodeChars);
            if (next < 0)
            {
                return;
            }
            i += next;
            var start = i;
            while (i < text.Length && (IsCodeChar(text[i]) || (text[i] == ' ' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && i > start && char.IsAsciiDigit(text[i - 1]))))
            {
                i++;
            }
            var end = i;
            while (end > start && text[end - 1] is '.' or '-' or '+' or '_' or ' ')
            {
                end--;
            }
            ClassifyToken(text, start, end, spans);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClassifyToken(ReadOnlySpan<char> text, int start, int end, List<PiiSpan> spans)
    {
        var token = text.Slice(start, end - start);
        if (token.Length < 5)
        {
            return;
        }
        var entity = WholeTokenEntity(token);
        if (entity is not null)
        {
            spans.Add(new PiiSpan(start, end - start, entity));
            return;
        }
        // A plate is a province character followed by the rest of the plate as a code token.
        if (start > 0 && LicensePlate.Provinces.Contains(text[start - 1]) && token.Length is 6 or 7 && LicensePlate.IsValid(text.Slice(start - 1, token.Length + 1)))
        {
            spans.Add(new PiiSpan(start - 1, token.Length + 1, EntityIds.LicensePlate));
            return;
        }
        // Digits glued to letters ("tel13812345678"): test each digit run on its own.
        var j = 0;
        while (j < token.Length)
        {
            if (!char.IsAsciiDigit(token[j]))
            {
                j++;
                continue;
            }
            var runStart = j;
            while (j < token.Length && (char.IsAsciiDigit(token[j]) || (token[j] is 'X' or 'x' && j - runStart == 17)))
            {
                j++;
            }
            if (runStart == 0 && j == token.Length)
            {
                return;
            }
            var run = token[runStart..j];
            var runEntity = NumberEntity(run);
            if (runEntity is not null)
            {
                spans.Add(new PiiSpan(start + runStart, j - runStart, runEntity));
            }
        }
    }

    private static string? WholeTokenEntity(ReadOnlySpan<char> token)
    {
        if (token.Contains('@'))
        {
            return Email.IsValid(token) ? EntityIds.Email : null;
        }
        if (IpAddress.IsValid(token))
        {
            return EntityIds.IpAddress;
        }
        var number = NumberEntity(token);
        if (number is not null)
        {
            return number;
        }
        if (Uscc.IsValid(token))
        {
            return EntityIds.Uscc;
        }
        if (TravelDocuments.IsHkMacauPermit(token))
        {
            return EntityIds.HkMacauPermit;
        }
        return TravelDocuments.PassportScore(token) >= 0.8 ? EntityIds.Passport : null;
    }

    private static string? NumberEntity(ReadOnlySpan<char> token)
    {
        if (ResidentId.IsValid(token))
        {
            return EntityIds.ResidentId;
        }
        if (Phone.IsMobile(token))
        {
            return EntityIds.Mobile;
        }
        if (Phone.IsLandline(token))
        {
            return EntityIds.Landline;
        }
        return BankCard.Score(token) >= 0.6 ? EntityIds.BankCard : null;
    }

    // The first characters of all cue words: a vectorised search finds candidates, then the words are compared.
    // (A multi-string search over Chinese text walks a trie with a dictionary per character, several times slower.)
    private static readonly SearchValues<char> CueStarts = SearchValues.Create(string.Concat(NameCues.Concat(AddressCues).Concat(Honorifics).Select(w => w[0]).Distinct()));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanCues(ReadOnlySpan<char> text, List<PiiSpan> spans)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(CueStarts);
            if (found < 0)
            {
                return;
            }
            var at = offset + found;
            var rest = text[at..];
            var cue = Match(rest, NameCues);
            if (cue is not null)
            {
                ScanNameAfter(text, at + cue.Length, spans);
            }
            else if ((cue = Match(rest, AddressCues)) is not null)
            {
                ScanAddressAfter(text, at + cue.Length, spans);
            }
            else if ((cue = Match(rest, Honorifics)) is not null)
            {
                if (at > 0 && PersonName.SingleSurnames.Contains(text[at - 1]))
                {
                    spans.Add(new PiiSpan(at - 1, 1, EntityIds.PersonName));
                }
            }
            else
            {
                // A first character only (小区, 地方): no cue starts here.
                offset = at + 1;
                continue;
            }
            offset = at + cue.Length;
        }
    }

    private static string? Match(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                return word;
            }
        }
        return null;
    }

    private static void ScanNameAfter(ReadOnlySpan<char> text, int start, List<PiiSpan> spans)
    {
        while (start < text.Length && text[start] is ':' or '：' or ' ' or '为' or '是')
        {
            start++;
        }
        var surname = PersonName.SurnameLength(text[start..]);
        if (surname == 0)
        {
            return;
        }
        var end = start + surname;
        while (end < text.Length && end - start - surname < 2 && PersonName.IsHan(text[end]) && !NameStops.Contains(text[end]))
        {
            end++;
        }
        if (end > start + surname)
        {
            spans.Add(new PiiSpan(start, end - start, EntityIds.PersonName));
        }
    }

    private static void ScanAddressAfter(ReadOnlySpan<char> text, int start, List<PiiSpan> spans)
    {
        while (start < text.Length && text[start] is ':' or '：' or ' ')
        {
            start++;
        }
        var end = start;
        while (end < text.Length && text[end] is not ('，' or '。' or '；' or ',' or ';' or '、' or '\n' or '\r'))
        {
            end++;
        }
        if (end > start && Address.Score(text[start..end]) > 0)
        {
            spans.Add(new PiiSpan(start, end - start, EntityIds.Address));
        }
    }
}
