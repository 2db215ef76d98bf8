namespace DataPort.Tabular.Parquet;

/// <summary>A flat list of columns (no nesting: DataPort's datasets are tables).</summary>
public sealed class ParquetSchema
{
    public ParquetSchema(IEnumerable<ParquetField> fields)
    {
        Fields = [.. fields];
        if (Fields.Count == 0)
        {
            throw new ArgumentException("a Parquet schema needs at least one column", nameof(fields));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (string.IsNullOrEmpty(field.Name))
            {
                throw new ArgumentException("a column name must not be empty", nameof(fields));
            }
            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"column '{field.Name}' appears twice", nameof(fields));
            }
            if (field.Type == ParquetType.Decimal && field.Precision == 0)
            {
                throw new ArgumentException($"decimal column '{field.Name}' needs a precision: use ParquetField.Decimal", nameof(fields));
            }
        }
    }

    public ParquetSchema(params ParquetField[] fields) : this((IEnumerable<ParquetField>)fields)
    {
    }

    public IReadOnlyList<ParquetField> Fields { get; }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    public override string ToString() => string.Join(", ", Fields);
}
