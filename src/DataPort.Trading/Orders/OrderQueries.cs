using Npgsql;

namespace DataPort.Trading.Orders;

public enum OrderParty
{
    Buyer,
    Seller,
}

/// <summary>Reads of the orders read model.</summary>
public sealed class OrderQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        order_id, buyer_organisation_id, seller_organisation_id, dataset_id, licence_option_id, price_kind, unit_price_fen,
        quantity, total_fen, currency, status, paid_fen, refunded_fen, grant_id, voucher_number, settlement_id, placed_at,
        fulfilled_at, version
        """;

    /// <summary>The organisation's orders as buyer or seller, newest first.</summary>
    public Task<IReadOnlyList<OrderSummary>> ListAsync(string organisationId, OrderParty party, int limit, CancellationToken cancellationToken)
    {
        var column = party == OrderParty.Buyer ? "buyer_organisation_id" : "seller_organisation_id";
        return QueryAsync(
            $"SELECT {Columns} FROM trading.orders WHERE {column} = @org ORDER BY placed_at DESC, order_id LIMIT @limit",
            cancellationToken, ("org", organisationId), ("limit", limit));
    }

    /// <summary>Delivered orders not yet settled whose delivery falls on or before <paramref name="periodEnd"/>.</summary>
    public Task<IReadOnlyList<OrderSummary>> UnsettledAsync(DateTimeOffset periodEnd, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM trading.orders WHERE status = 'Fulfilled' AND settlement_id IS NULL AND fulfilled_at <= @end ORDER BY order_id",
            cancellationToken, ("end", periodEnd));

    /// <summary>
    /// Orders that belong on a month's statement: placed in the month, or pay-per-query (metered every month).
    /// </summary>
    public Task<IReadOnlyList<OrderSummary>> ForStatementAsync(
        string organisationId, OrderParty party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var column = party == OrderParty.Buyer ? "buyer_organisation_id" : "seller_organisation_id";
        return QueryAsync(
            $"""
            SELECT {Columns} FROM trading.orders
            WHERE {column} = @org AND placed_at < @to AND (placed_at >= @from OR price_kind = 'PerQuery')
            ORDER BY order_id
            """,
            cancellationToken, ("org", organisationId), ("from", from), ("to", to));
    }

    private async Task<IReadOnlyList<OrderSummary>> QueryAsync(
        string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OrderSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OrderSummary(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt64(6), reader.GetInt32(7), reader.GetInt64(8), reader.GetString(9), reader.GetString(10), reader.GetInt64(11),
                reader.GetInt64(12), NullableString(reader, 13), NullableString(reader, 14), NullableString(reader, 15),
                reader.GetFieldValue<DateTimeOffset>(16),
                reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17), reader.GetInt64(18)));
        }
        return rows;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
