using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace DataPort.Identity.Hosting;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens) in <c>identity.data_protection_keys</c>, so
/// every server process reads the same keys and a cookie issued by one node is accepted by the others.
/// </summary>
internal sealed class DatabaseXmlRepository(NpgsqlDataSource dataSource, TimeProvider clock) : IXmlRepository
{
    // Data Protection calls these synchronously; they run once per key-ring refresh (about daily), not per request.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM identity.data_protection_keys ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand("""
            INSERT INTO identity.data_protection_keys (friendly_name, xml, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml
            """);
        command.Parameters.Add(new() { Value = friendlyName });
        command.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.ExecuteNonQuery();
    }
}
