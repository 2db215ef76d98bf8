using DataPort.EventStore.Ledger;
using Npgsql;

namespace DataPort.Server.Infrastructure;

/// <summary>An organisation's subjects: its own stream (regulators' actions on it), and from the asset, dataset and grant views and the orders table (all indexed by organisation).</summary>
internal sealed class LedgerParties(NpgsqlDataSource dataSource) : ILedgerParties
{
    public async Task<IReadOnlyList<string>> StreamsOfAsync(string organisationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT 'organisation-' || $1
            UNION ALL SELECT id FROM domain.mt_doc_asset_view WHERE owner_organisation_id = $1
            UNION ALL SELECT id FROM domain.mt_doc_dataset_view WHERE owner_organisation_id = $1
            UNION ALL SELECT id FROM domain.mt_doc_grant_view WHERE owner_organisation_id = $1
            UNION ALL SELECT id FROM domain.mt_doc_grant_view WHERE developer_organisation_id = $1 AND owner_organisation_id <> $1
            UNION ALL SELECT 'order-' || order_id FROM trading.orders WHERE buyer_organisation_id = $1
            UNION ALL SELECT 'order-' || order_id FROM trading.orders WHERE seller_organisation_id = $1 AND buyer_organisation_id <> $1
            """);
        command.Parameters.Add(new() { Value = organisationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var streams = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(reader.GetString(0));
        }
        return streams;
    }
}
