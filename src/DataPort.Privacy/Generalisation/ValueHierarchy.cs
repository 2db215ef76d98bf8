namespace DataPort.Privacy.Generalisation;

/// <summary>
/// A category released as it is (<c>value</c>), for a quasi-identifier with no coarser form the port knows, such as a
/// sex or an occupation: it takes part in the classes but the search cannot coarsen it.
/// </summary>
public sealed class ValueHierarchy() : Hierarchy(HierarchyKind.Value, ["value"])
{
    public override int MaxLabelLength(int valueLength) => valueLength;

    public override int Base(ReadOnlySpan<char> value, Span<char> label) => Write(value, label);

    public override string Coarsen(string label, int level) => label;
}
