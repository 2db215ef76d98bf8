using System.Collections.Concurrent;
using System.Text.Json;

namespace DataPort.EventStore;

/// <summary>
/// Maps stable event names (<c>grant.issued</c>) to CLR types and back, so renaming or moving a class
/// never orphans stored events. Upcasters read an old name or an old shape as the current type.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> typesByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> namesByType = new();
    private readonly ConcurrentDictionary<string, Func<JsonElement, JsonSerializerOptions, object>> upcasters = new(StringComparer.Ordinal);

    public EventTypeRegistry(JsonSerializerOptions? serializerOptions = null)
    {
        SerializerOptions = serializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>How event data is written to and read from <c>jsonb</c> (web defaults: camelCase).</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/>, for writing and reading.</summary>
    public EventTypeRegistry Register<T>(string name) => Register(typeof(T), name);

    public EventTypeRegistry Register(Type type, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (typesByName.TryGetValue(name, out var existing) && existing != type)
        {
            throw new InvalidOperationException($"Event name '{name}' is already registered for {existing.FullName}.");
        }
        if (namesByType.TryGetValue(type, out var existingName) && existingName != name)
        {
            throw new InvalidOperationException($"{type.FullName} is already registered as '{existingName}'.");
        }
        typesByName[name] = type;
        namesByType[type] = name;
        return this;
    }

    /// <summary>
    /// Reads events stored under <paramref name="storedName"/> through <paramref name="upcast"/>. Use it for
    /// an old name (<c>grant.issued.v1</c> → <c>GrantIssued</c>) or, under the current name, for a shape
    /// change: the upcaster then sees both old and new documents and decides from the JSON. An upcaster
    /// wins over a plain registration when reading.
    /// </summary>
    public EventTypeRegistry Upcast<TNew>(string storedName, Func<JsonElement, TNew> upcast) where TNew : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        upcasters[storedName] = (json, _) => upcast(json);
        return this;
    }

    /// <summary>The stable name of <paramref name="type"/>; unregistered types are refused rather than named after the CLR.</summary>
    public string NameOf(Type type) =>
        namesByType.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException(
                $"{type.FullName} is not a registered event type: register it with EventTypeRegistry.Register<{type.Name}>(\"stable.name\").");

    public bool TryGetType(string name, out Type? type) => typesByName.TryGetValue(name, out type);

    public string Serialize(object @event) => JsonSerializer.Serialize(@event, @event.GetType(), SerializerOptions);

    /// <summary>Turns stored JSON back into an object: upcaster first, then the registered type, else the raw JSON.</summary>
    public object Deserialize(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Deserialize(name, document.RootElement);
    }

    public object Deserialize(string name, JsonElement json)
    {
        if (upcasters.TryGetValue(name, out var upcast))
        {
            return upcast(json, SerializerOptions);
        }
        if (typesByName.TryGetValue(name, out var type))
        {
            return json.Deserialize(type, SerializerOptions)
                ?? throw new InvalidOperationException($"Event '{name}' has null data.");
        }
        return json.Clone();
    }
}

/// <summary>
/// How a module contributes its event types: add an implementation to DI
/// (<c>services.AddSingleton&lt;IConfigureEventTypes, MyEvents&gt;()</c>); the registry applies every one.
/// </summary>
public interface IConfigureEventTypes
{
    void Configure(EventTypeRegistry registry);
}
