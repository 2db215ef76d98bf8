namespace DataPort.Privacy.Policy;

/// <summary>One masking operator with its parameters, as the policy states it.</summary>
public sealed record OperatorSpec(OperatorKind Kind)
{
    public int KeepFirst { get; init; }
    public int KeepLast { get; init; }
    public char MaskChar { get; init; } = '*';
    public string Replacement { get; init; } = "***";
    /// <summary>Hex characters of the HMAC-SM3 kept as the pseudonym (16 = 64 bits).</summary>
    public int Length { get; init; } = 16;
    public GeneraliseTo? To { get; init; }
    /// <summary>Width of an age band in years.</summary>
    public int Band { get; init; } = 10;
    /// <summary>Decimal places a coordinate keeps (2 ≈ 1 km).</summary>
    public int Decimals { get; init; } = 2;

    public static OperatorSpec Keep { get; } = new(OperatorKind.Keep);
    public static OperatorSpec Suppress { get; } = new(OperatorKind.Suppress);

    public string Id => Kind switch
    {
        OperatorKind.Keep => "keep",
        OperatorKind.Redact => "redact",
        OperatorKind.Partial => "partial",
        OperatorKind.Pseudonym => "pseudonym",
        OperatorKind.Generalise => "generalise",
        OperatorKind.Suppress => "suppress",
        _ => "replace_spans",
    };

    /// <summary>A short human description for the report ("partial(first=6,last=0)").</summary>
    public string Describe() => Kind switch
    {
        OperatorKind.Partial => $"partial(first={KeepFirst},last={KeepLast})",
        OperatorKind.Pseudonym => $"pseudonym(hmac-sm3,{Length})",
        OperatorKind.Generalise => To switch
        {
            GeneraliseTo.AgeBand => $"generalise(age_band,{Band})",
            GeneraliseTo.Grid => $"generalise(grid,{Decimals})",
            null => "generalise",
            var to => $"generalise({GeneraliseNames.ToId(to.Value)})",
        },
        _ => Id,
    };
}

public static class GeneraliseNames
{
    public static string ToId(GeneraliseTo to) => to switch
    {
        GeneraliseTo.Year => "year",
        GeneraliseTo.Month => "month",
        GeneraliseTo.AgeBand => "age_band",
        GeneraliseTo.District => "district",
        GeneraliseTo.Grid => "grid",
        _ => "ip_prefix",
    };
}
