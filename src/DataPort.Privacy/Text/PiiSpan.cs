namespace DataPort.Privacy.Text;

/// <summary>A piece of free text that is one of the detected entities.</summary>
public readonly record struct PiiSpan(int Start, int Length, string Entity)
{
    public int End => Start + Length;
}
