using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace DataPort.Server.Web.Charts;

/// <summary>One bar: its label under the axis and its value.</summary>
public sealed record Bar(string Label, decimal Value);

/// <summary>
/// A bar chart drawn on the server as inline SVG: no script, nothing from a CDN, and only presentation attributes (the
/// pages' Content-Security-Policy refuses inline styles). It is an image with a text alternative that names the largest
/// bar; pages put the same figures in a table beside it for people who would rather read.
/// </summary>
public static class BarChart
{
    private const int Width = 720;
    private const int Height = 240;
    private const int Left = 64;
    private const int Bottom = 28;
    private const int Top = 12;

    public static IHtmlContent Render(string title, IReadOnlyList<Bar> bars, Func<decimal, string> format)
    {
        var encoder = HtmlEncoder.Default;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var scale = max <= 0 ? 1 : NiceCeiling(max);
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Top - Bottom;
        var slot = bars.Count == 0 ? plotWidth : (double)plotWidth / bars.Count;
        var largest = bars.Count == 0 ? null : bars.MaxBy(b => b.Value);
        var summary = largest is null || max <= 0 ? title : $"{title}: {largest.Label} {format(largest.Value)}";

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{encoder.Encode(summary)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{encoder.Encode(summary)}</title>");
        foreach (var fraction in new[] { 0m, 0.5m, 1m })
        {
            var y = Top + plotHeight - (double)fraction * plotHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">{encoder.Encode(format(scale * fraction))}</text>");
        }
        // Labels thin out so that at most about twelve are written under the axis.
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 12.0));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var height = scale == 0 ? 0 : (double)(bar.Value / scale) * plotHeight;
            var x = Left + (i * slot) + (slot * 0.15);
            var y = Top + plotHeight - height;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{height:0.#}\" fill=\"#0b5cad\"><title>{encoder.Encode($"{bar.Label}: {format(bar.Value)}")}</title></rect>");
            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{x + (slot * 0.35):0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\">{encoder.Encode(bar.Label)}</text>");
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>The axis top: the next 1, 2 or 5 × 10ⁿ at or above <paramref name="value"/>, so the gridlines read as round numbers.</summary>
    internal static decimal NiceCeiling(decimal value)
    {
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 5m, 10m })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
