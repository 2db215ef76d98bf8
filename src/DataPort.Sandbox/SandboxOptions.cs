using Npgsql;

namespace DataPort.Sandbox;

/// <summary>Bound from the <c>Sandbox</c> section and validated at start-up.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>
    /// Where sandbox queries connect (host, port, database, TLS). Credentials in it are ignored: each grant
    /// logs in as its own low-privilege role (<c>sbx_login_&lt;grant&gt;</c>) with a password derived from
    /// <see cref="LoginSecret"/>. Required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Secret (at least 32 characters) from which each grant login role's password is derived. Required.</summary>
    public string? LoginSecret { get; set; }

    /// <summary>How long one statement may run before PostgreSQL cancels it.</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most rows a query or aggregation returns; more are cut and the response says so.</summary>
    public int RowCap { get; set; } = 10_000;

    /// <summary>
    /// Most bytes of values one answer carries (estimated as they are read, before they are written); more rows are cut
    /// and the answer says <c>truncatedBy: "byte-cap"</c>. Bounds the body, and the server's memory for Parquet answers.
    /// </summary>
    public long ByteCap { get; set; } = 64L << 20;

    /// <summary>Memory per sort/hash node (<c>work_mem</c>), settable by the unprivileged login role itself.</summary>
    public string WorkMem { get; set; } = "32MB";

    /// <summary>
    /// Temporary file space per session (<c>temp_file_limit</c>). A superuser-only setting: applied as a role
    /// default (<c>ALTER ROLE … SET</c>) when the provisioning connection is a superuser, else left to the DBA.
    /// </summary>
    public string TempFileLimit { get; set; } = "256MB";

    /// <summary>
    /// k of small-cell suppression for grants whose source carries none (the domain's grants do not): every
    /// aggregate group must cover at least this many rows. The default matches the masking policy's <c>risk.k</c>.
    /// </summary>
    public int MinimumGroupSize { get; set; } = 5;

    /// <summary>
    /// The ε an aggregation under an aggregate-only licence spends when it does not say (docs/privacy.md): 0.5 lets a
    /// licence with the default budget of ε = 10 a month run twenty.
    /// </summary>
    public double AggregationEpsilon { get; set; } = 0.5;

    /// <summary>The most ε one aggregation may spend: more would answer almost without noise.</summary>
    public double MaxAggregationEpsilon { get; set; } = 5;

    /// <summary>
    /// Queries and downloads one grant may run at once, across all nodes (its grain counts them). Each node pools at most
    /// this many connections per grant; the login role's CONNECTION LIMIT is twice it (<see cref="RoleConnectionLimit"/>).
    /// </summary>
    public int ConnectionsPerGrant { get; set; } = 4;

    /// <summary>
    /// The backstop in PostgreSQL itself: room for the uses running and for connections other nodes still keep idle
    /// (they close within a few seconds), so the grain's count, not an idle connection elsewhere, is what callers meet.
    /// </summary>
    public int RoleConnectionLimit => 2 * ConnectionsPerGrant;

    /// <summary>Returns the problems with these options, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"The setting {Section}:ConnectionString is missing: set Sandbox__ConnectionString (host, port, database of the sandbox).");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
                {
                    problems.Add($"The setting {Section}:ConnectionString must name a Host and a Database.");
                }
            }
            catch (ArgumentException e)
            {
                problems.Add($"The setting {Section}:ConnectionString is not a valid connection string: {e.Message}");
            }
        }
        if (string.IsNullOrEmpty(LoginSecret) || LoginSecret.Length < 32)
        {
            problems.Add($"The setting {Section}:LoginSecret must be at least 32 characters (it derives the grant roles' passwords).");
        }
        if (StatementTimeout <= TimeSpan.Zero || StatementTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"The setting {Section}:StatementTimeout must be between 0 and 10 minutes.");
        }
        if (RowCap is < 1 or > 1_000_000)
        {
            problems.Add($"The setting {Section}:RowCap must be between 1 and 1000000.");
        }
        if (ByteCap is < 1L << 20 or > 1L << 30)
        {
            problems.Add($"The setting {Section}:ByteCap must be between 1 MiB (1048576) and 1 GiB (1073741824) bytes.");
        }
        if (!SizeSetting.IsValid(WorkMem))
        {
            problems.Add($"The setting {Section}:WorkMem must be a size like 32MB.");
        }
        if (!SizeSetting.IsValid(TempFileLimit))
        {
            problems.Add($"The setting {Section}:TempFileLimit must be a size like 256MB.");
        }
        if (MinimumGroupSize is < 1 or > 1000)
        {
            problems.Add($"The setting {Section}:MinimumGroupSize must be between 1 and 1000.");
        }
        if (!(AggregationEpsilon > 0) || !(MaxAggregationEpsilon >= AggregationEpsilon) || MaxAggregationEpsilon > 100)
        {
            problems.Add($"The settings {Section}:AggregationEpsilon and {Section}:MaxAggregationEpsilon must satisfy 0 < AggregationEpsilon <= MaxAggregationEpsilon <= 100.");
        }
        if (ConnectionsPerGrant is < 1 or > 100)
        {
            problems.Add($"The setting {Section}:ConnectionsPerGrant must be between 1 and 100.");
        }
        return problems;
    }
}
