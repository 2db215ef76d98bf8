using Microsoft.EntityFrameworkCore;

namespace DataPort.Identity.Protocol;

/// <summary>
/// OpenIddict's stores (Entity Framework Core) in the <c>openiddict</c> schema. DataPort uses the token entries: every
/// access token issued has one, which revocation marks and validation checks on each request, on every node. The
/// tables are created by DataPort's own migration (<c>0203_openiddict.sql</c>), not by EF migrations.
/// </summary>
public sealed class ProtocolDbContext(DbContextOptions<ProtocolDbContext> options) : DbContext(options)
{
    public const string Schema = "openiddict";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
