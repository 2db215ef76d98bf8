namespace DataPort.Privacy.Policy;

/// <summary>Data grades of GB/T 43697-2024 (数据安全技术 数据分类分级规则).</summary>
public enum Grade
{
    General,
    Important,
    /// <summary>Core data never leaves the port: its columns are always suppressed.</summary>
    Core,
}

public static class Grades
{
    public static string ToId(this Grade grade) => grade switch
    {
        Grade.Core => "core",
        Grade.Important => "important",
        _ => "general",
    };

    public static bool TryParse(string text, out Grade grade)
    {
        grade = text switch
        {
            "core" => Grade.Core,
            "important" => Grade.Important,
            "general" => Grade.General,
            _ => (Grade)(-1),
        };
        return (int)grade >= 0;
    }
}
