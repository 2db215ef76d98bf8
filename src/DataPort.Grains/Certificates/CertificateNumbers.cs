using DataPort.Domain.Certificates;
using Npgsql;

namespace DataPort.Grains.Certificates;

/// <summary>Hands out certificate numbers: one sequence per year, shared by every server process.</summary>
public interface ICertificateNumberAllocator
{
    Task<CertificateNumber> NextAsync(int year, CancellationToken cancellationToken = default);
}

internal sealed class PostgresCertificateNumbers(NpgsqlDataSource dataSource) : ICertificateNumberAllocator
{
    public async Task<CertificateNumber> NextAsync(int year, CancellationToken cancellationToken = default)
    {
        // The row lock of the upsert serialises allocators across processes; a yearly row restarts at 1.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO domain.certificate_numbers AS c (year, last_sequence) VALUES ($1, 1)
            ON CONFLICT (year) DO UPDATE SET last_sequence = c.last_sequence + 1
            RETURNING last_sequence
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
        var sequence = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new CertificateNumber(year, sequence);
    }
}
