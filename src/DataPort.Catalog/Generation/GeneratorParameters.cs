using System.Globalization;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;

namespace DataPort.Catalog.Generation;

/// <summary>Strict access to a generator's parameters, reporting unknown, missing and mistyped ones.</summary>
internal sealed class GeneratorParameters(GeneratorSpec spec, ErrorSink errors)
{
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public bool Failed { get; private set; }

    public SourceMark Mark => spec.Mark;

    public void Error(SourceMark mark, string message)
    {
        Failed = true;
        errors.Add(mark, message);
    }

    public void Error(string message) => Error(spec.Mark, $"generator '{spec.Kind}': {message}");

    private GeneratorParameter? Get(string name, bool required)
    {
        taken.Add(name);
        if (spec.Parameters.TryGetValue(name, out var parameter))
        {
            return parameter;
        }
        if (required)
        {
            Error($"missing the required parameter '{name}'");
        }
        return null;
    }

    public string? Text(string name, bool required = false)
    {
        var p = Get(name, required);
        if (p is null)
        {
            return null;
        }
        if (p.Scalar is null)
        {
            Error(p.Mark, $"generator '{spec.Kind}': parameter '{name}' must be a single value, not a list");
            return null;
        }
        return p.Scalar;
    }

    public IReadOnlyList<string>? List(string name, bool required = false)
    {
        var p = Get(name, required);
        if (p is null)
        {
            return null;
        }
        if (p.Items is null || p.Items.Count == 0)
        {
            Error(p.Mark, $"generator '{spec.Kind}': parameter '{name}' must be a non-empty list");
            return null;
        }
        return p.Items;
    }

    public long Integer(string name, long fallback, long min = long.MinValue, long max = long.MaxValue, bool required = false)
    {
        var text = Text(name, required);
        if (text is null)
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(spec.Parameters[name].Mark, $"generator '{spec.Kind}': parameter '{name}' must be an integer between {min} and {max}, not '{text}'");
            return fallback;
        }
        return value;
    }

    public double Number(string name, double fallback, double min = double.MinValue, double max = double.MaxValue, bool required = false)
    {
        var text = Text(name, required);
        if (text is null)
        {
            return fallback;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(spec.Parameters[name].Mark, $"generator '{spec.Kind}': parameter '{name}' must be a number between {min} and {max}, not '{text}'");
            return fallback;
        }
        return value;
    }

    public T Parsed<T>(string name, T fallback, string format, bool required, TryParser<T> parse)
    {
        var text = Text(name, required);
        if (text is null)
        {
            return fallback;
        }
        if (!parse(text, out var value))
        {
            Error(spec.Parameters[name].Mark, $"generator '{spec.Kind}': parameter '{name}' must be written {format}, not '{text}'");
            return fallback;
        }
        return value;
    }

    public delegate bool TryParser<T>(string text, out T value);

    public void Finish()
    {
        foreach (var (name, parameter) in spec.Parameters)
        {
            if (!taken.Contains(name))
            {
                Error(parameter.Mark, $"generator '{spec.Kind}' has no parameter '{name}'");
            }
        }
    }
}
