namespace DataPort.Domain.Common;

/// <summary>Bilingual text: Chinese is authoritative for public data; English is for the international catalog.</summary>
public sealed record LocalizedText(string Zh, string En)
{
    internal void Validate(string field, int maxLength = TextLimits.Line)
    {
        Guard.Required(Zh, $"{field}.zh", maxLength);
        Guard.Required(En, $"{field}.en", maxLength);
    }
}
