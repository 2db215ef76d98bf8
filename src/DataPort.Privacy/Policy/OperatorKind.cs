namespace DataPort.Privacy.Policy;

public enum OperatorKind
{
    Keep,
    Redact,
    Partial,
    Pseudonym,
    Generalise,
    Suppress,
    /// <summary>Free text: only the embedded identifiers are replaced, the rest of the text stays.</summary>
    ReplaceSpans,
}

/// <summary>What a generalising operator coarsens a value to.</summary>
public enum GeneraliseTo
{
    Year,
    Month,
    AgeBand,
    District,
    Grid,
    IpPrefix,
}
