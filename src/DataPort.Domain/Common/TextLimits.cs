namespace DataPort.Domain.Common;

/// <summary>
/// The most characters a free-text field may hold. Everything a command carries ends up in the event history and the
/// sealed ledger for good, so longer text is refused (422 naming the field and its limit), never stored.
/// </summary>
public static class TextLimits
{
    /// <summary>Names, ids, reasons, resolutions and every other one-line field.</summary>
    public const int Line = 1000;

    /// <summary>The stated purpose of an access request or order (数据使用目的).</summary>
    public const int Purpose = 2000;

    /// <summary>Descriptions of datasets and assets.</summary>
    public const int Description = 4000;
}
