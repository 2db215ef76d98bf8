namespace DataPort.Catalog.Model;

/// <summary>
/// Grades of the public-data classification and grading rules (核心 / 重要 / 一般); ordered so the
/// dataset's grade is the highest of its columns.
/// </summary>
public enum DataGrade
{
    General = 0,
    Important = 1,
    Core = 2,
}

public static class DataGrades
{
    public static bool TryParse(string text, out DataGrade grade)
    {
        switch (text)
        {
            case "general": grade = DataGrade.General; return true;
            case "important": grade = DataGrade.Important; return true;
            case "core": grade = DataGrade.Core; return true;
            default: grade = default; return false;
        }
    }

    public static string ToId(this DataGrade grade) => grade switch
    {
        DataGrade.Core => "core",
        DataGrade.Important => "important",
        _ => "general",
    };
}
