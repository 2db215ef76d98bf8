using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;

namespace DataPort.Cli.Commands.Privacy;

/// <summary><c>dataport classify FILE.csv --json</c>: entity, personal, sensitive and grade of every column.</summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var file = PrivacyOptions.CsvFile();
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"columns\":[…]} in the file's column order" };
        var policy = PrivacyOptions.Policy();
        var encoding = CsvInput.EncodingOption();
        var command = new Command("classify", "Classify and grade the columns of a CSV file (分类分级)")
        {
            file, json, policy, encoding,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var input = await CsvInput.OpenAsync(parseResult.GetValue(file)!, parseResult.GetValue(encoding), cancellationToken);
            var masking = PrivacyOptions.LoadPolicy(parseResult.GetValue(policy));
            IReadOnlyList<ColumnDecision> columns;
            try
            {
                columns = await Task.Run(() => ColumnClassification.Classify(input.Path, masking, DateOnly.FromDateTime(DateTime.UtcNow)), cancellationToken);
            }
            catch (Exception e) when (PrivacyOptions.IsUserError(e))
            {
                throw PrivacyOptions.ToCliError(e);
            }
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(ToJson(columns));
            }
            else
            {
                foreach (var c in columns)
                {
                    output.WriteLine($"{c.Name}\t{c.Entity ?? "-"}\t{c.Confidence:0.00}\t{(c.Personal ? "personal" : "-")}\t{(c.Sensitive ? "sensitive" : "-")}\t{c.Grade.ToId()}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The contract's exact shape: {"columns":[{"name","entity","confidence","personal","sensitive","grade"}]}.</summary>
    public static string ToJson(IReadOnlyList<ColumnDecision> columns)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("columns");
            foreach (var c in columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", c.Name);
                if (c.Entity is null)
                {
                    writer.WriteNull("entity");
                }
                else
                {
                    writer.WriteString("entity", c.Entity);
                }
                writer.WriteNumber("confidence", c.Confidence);
                writer.WriteBoolean("personal", c.Personal);
                writer.WriteBoolean("sensitive", c.Sensitive);
                writer.WriteString("grade", c.Grade.ToId());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
