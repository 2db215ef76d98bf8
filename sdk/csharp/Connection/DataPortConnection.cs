namespace DataPort.Client;

/// <summary>
/// An app's connection to DataPort: give it the server's address and the app's client id and secret, and every
/// generated client it hands out fetches, caches and refreshes the OAuth token itself and retries 429/503 answers
/// after the <c>Retry-After</c> the server asks for.
/// </summary>
/// <example>
/// <code>
/// using var dataport = DataPortConnection.Create(new Uri("http://127.0.0.1:5080"), clientId, clientSecret);
/// var page = await dataport.Datasets.SearchDatasetsAsync(q: "公交");
/// </code>
/// </example>
public sealed class DataPortConnection : IDisposable
{
    private readonly TokenSource tokens;

    private DataPortConnection(HttpClient http, TokenSource tokens)
    {
        Http = http;
        this.tokens = tokens;
    }

    /// <summary>The authenticated HTTP client the typed clients share (base address set).</summary>
    public HttpClient Http { get; }

    public DatasetsClient Datasets => new(Http);
    public GrantsClient Grants => new(Http);
    public SandboxClient Sandbox => new(Http);
    public OrdersClient Orders => new(Http);
    public TradingClient Trading => new(Http);
    public UsageClient Usage => new(Http);
    public AssetsClient Assets => new(Http);
    public UploadsClient Uploads => new(Http);
    public DisclosureClient Disclosure => new(Http);
    public AccountClient Account => new(Http);
    public OrganisationsClient Organisations => new(Http);
    public LedgerClient Ledger => new(Http);
    public VerificationClient Verification => new(Http);

    /// <param name="baseAddress">Where DataPort listens, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="clientId">The app's client id (from <c>POST /api/organisations/{org}/clients</c>).</param>
    /// <param name="clientSecret">The secret shown once when the app or secret was created.</param>
    /// <param name="scopes">Scopes to ask for; null asks for all the app is allowed.</param>
    /// <param name="transport">The handler that sends requests (tests pass an in-memory server's); null for sockets.</param>
    /// <param name="retry">How often and how long to wait on 429/503; null for <see cref="RetryPolicy.Default"/>.</param>
    public static DataPortConnection Create(
        Uri baseAddress, string clientId, string clientSecret, IEnumerable<string>? scopes = null, HttpMessageHandler? transport = null,
        RetryPolicy? retry = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        var policy = retry ?? RetryPolicy.Default;
        var sender = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        // The token request retries too, and goes around the token handler (it is how a token is got).
        var tokenClient = new HttpClient(new RetryHandler(policy) { InnerHandler = sender }, disposeHandler: false) { BaseAddress = baseAddress };
        var tokens = new TokenSource(tokenClient, clientId, clientSecret, scopes);
        var pipeline = new RetryHandler(policy)
        {
            InnerHandler = new TokenHandler(tokens) { InnerHandler = new FailedAnswerHandler { InnerHandler = sender } },
        };
        return new DataPortConnection(new HttpClient(pipeline) { BaseAddress = baseAddress }, tokens);
    }

    public void Dispose()
    {
        Http.Dispose();
        tokens.Dispose();
    }
}
