namespace DataPort.Server.Web;

/// <summary>
/// The web catalog's labels and messages: Chinese in <c>Text.resx</c> (the default), English in <c>Text.en.resx</c>.
/// Pages read them through <c>IStringLocalizer&lt;Text&gt;</c>.
/// </summary>
public sealed class Text;
