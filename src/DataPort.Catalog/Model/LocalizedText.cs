namespace DataPort.Catalog.Model;

/// <summary>Text every catalog entry carries in Chinese (authoritative) and English.</summary>
public sealed record LocalizedText(string Zh, string En);
