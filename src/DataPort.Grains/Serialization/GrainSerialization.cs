using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Serialization;

namespace DataPort.Grains.Serialization;

/// <summary>
/// How DataPort's types cross a grain call. The domain stays free of Orleans: its records travel as JSON through
/// Orleans' System.Text.Json codec, which needs no attribute on them; refusals (exceptions) travel as surrogates
/// (<see cref="RefusalSurrogate"/>), because a JSON exception would carry its stack and target site.
/// </summary>
/// <remarks>
/// Orleans copies arguments even between grains of one silo, so these rules hold for every call, not only remote ones.
/// Two JSON rules differ from the API's: an abstract record travels with its concrete type (a grant check's
/// <c>Denied</c> decision stays a <c>Denied</c>), and a property the API hides with <c>[JsonIgnore]</c> (a dataset's
/// uploads) still travels.
/// </remarks>
public static class GrainSerialization
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithConcreteTypes, WithHiddenProperties } },
        Converters = { new ReadOnlySetConverter() },
    };

    public static IServiceCollection AddDataPortSerialization(this IServiceCollection services)
    {
        services.AddSerializer(serializer => serializer.AddJsonSerializer(IsDataPortRecord, Json));
        services.AddSingleton<ITypeNameFilter, DataPortTypeNames>();
        return services;
    }

    private static bool IsDataPortRecord(Type type) =>
        IsDataPort(type) && !type.IsAssignableTo(typeof(Exception)) && type.GetCustomAttribute<GenerateSerializerAttribute>() is null;

    private static bool IsDataPort(Type type) => type.Namespace?.StartsWith("DataPort.", StringComparison.Ordinal) == true;

    private static void WithConcreteTypes(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !info.Type.IsAbstract || info.Type.IsInterface || !IsDataPort(info.Type))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions();
        foreach (var concrete in info.Type.Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(info.Type)))
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(concrete, concrete.Name));
        }
    }

    private static void WithHiddenProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !IsDataPort(info.Type))
        {
            return;
        }
        var hidden = info.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always });
        foreach (var property in hidden)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            // The resolver lists an ignored property with neither getter nor setter; it is replaced by one that has both.
            if (info.Properties.FirstOrDefault(p => p.Name == name) is { } ignored)
            {
                info.Properties.Remove(ignored);
            }
            var json = info.CreateJsonPropertyInfo(property.PropertyType, name);
            json.Get = property.GetValue;
            json.Set = property.SetValue;
            info.Properties.Add(json);
        }
    }

    /// <summary>System.Text.Json writes an <c>IReadOnlySet&lt;T&gt;</c> but cannot make one; a <c>HashSet&lt;T&gt;</c> is one.</summary>
    private sealed class ReadOnlySetConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlySet<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(SetOf<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

        private sealed class SetOf<T> : JsonConverter<IReadOnlySet<T>>
        {
            public override IReadOnlySet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                JsonSerializer.Deserialize<HashSet<T>>(ref reader, options)!;

            public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
                JsonSerializer.Serialize(writer, value.ToArray(), options);
        }
    }

    /// <summary>Orleans refuses to name types it was not told are safe; DataPort's own assemblies are.</summary>
    private sealed class DataPortTypeNames : ITypeNameFilter
    {
        public bool? IsTypeNameAllowed(string typeName, string assemblyName) =>
            assemblyName.StartsWith("DataPort.", StringComparison.Ordinal) ? true : null;
    }
}
