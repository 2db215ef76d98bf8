using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using QRCoder;

namespace DataPort.Server.Web.Charts;

/// <summary>
/// A QR code as inline SVG (one path of dark modules, presentation attributes only, as the pages' CSP requires), for an
/// authenticator app to scan the <c>otpauth://</c> link. QRCoder encodes; the drawing is ours.
/// </summary>
public static class QrCode
{
    public static IHtmlContent Render(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // QRCoder's matrix already carries the 4-module quiet zone readers need on each side.
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }
        var encodedLabel = HtmlEncoder.Default.Encode(label);
        return new HtmlString(
            $"<svg class=\"qr\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{encodedLabel}\" shape-rendering=\"crispEdges\" xmlns=\"http://www.w3.org/2000/svg\">" +
            $"<title>{encodedLabel}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>");
    }
}
