namespace DataPort.Catalog.Generation;

/// <summary>RFC 4180 rows: CRLF line ends; a field is quoted when it holds a comma, quote, CR or LF (quotes doubled).</summary>
public static class CsvWriter
{
    private static readonly System.Buffers.SearchValues<char> NeedsQuoting = System.Buffers.SearchValues.Create(",\"\r\n");

    public static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            WriteField(writer, fields[i]);
        }
        writer.Write("\r\n");
    }

    public static void WriteField(TextWriter writer, string field)
    {
        // Leading or trailing spaces are quoted too, so tools that trim unquoted fields keep the noise as written.
        var quote = field.AsSpan().IndexOfAny(NeedsQuoting) >= 0
            || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '));
        if (!quote)
        {
            writer.Write(field);
            return;
        }
        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
