using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DataPort.Testing;

/// <summary>
/// A real <c>DataPort.Server</c> process from the repository's build output, on a free loopback port: one node of a
/// cluster, for tests and benchmarks that need several processes on one database, or a node to kill.
/// </summary>
/// <remarks>Shared by the tests and the benches (linked as source), so it depends on nothing but the BCL.</remarks>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServerProcess(Process process) => this.process = process;

    /// <summary>Where the node listens (http://127.0.0.1:PORT/).</summary>
    public Uri Address { get; private set; } = null!;

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the node printed, for a failure message.</summary>
    public string OutputTail => string.Join('\n', output.TakeLast(60));

    /// <summary>
    /// Starts a node of <paramref name="configuration"/>'s build on <paramref name="connectionString"/>, in the
    /// given environment with the given settings (<c>Section:Key</c> → value), and waits until it answers ready.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, string environment, IReadOnlyDictionary<string, string> settings,
        string configuration, CancellationToken cancellationToken = default)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "src", "DataPort.Server", "bin", configuration, "net10.0", "DataPort.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build DataPort.Server ({configuration}) first: {dll} is missing.", dll);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ConnectionStrings__DataPort"] = connectionString;
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var node = new ServerProcess(Process.Start(start)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.process.OutputDataReceived += (_, line) => node.Keep(line.Data, listening);
        node.process.ErrorDataReceived += (_, line) => node.Keep(line.Data, listening);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var exited = node.process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(listening.Task, exited) != listening.Task)
            {
                throw new InvalidOperationException($"The server exited before it listened:\n{node.OutputTail}");
            }
            node.Address = listening.Task.Result;
            await node.WaitUntilReadyAsync(timeout.Token);
            return node;
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            node.Kill();
            throw new InvalidOperationException($"The server did not become ready within {StartTimeout.TotalSeconds:0} s:\n{node.OutputTail}", e);
        }
        catch
        {
            node.Kill();
            throw;
        }
    }

    /// <summary>Kills the process at once (SIGKILL): no orderly leaving, nothing flushed.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Stops the node as a supervisor would (SIGTERM), so its silo leaves the cluster in order.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    private void Keep(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        while (output.Count > 400 && output.TryDequeue(out _))
        {
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups["url"].Value.TrimEnd('/') + "/"));
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited while starting:\n{OutputTail}");
            }
            try
            {
                using var ready = await http.GetAsync("health/ready", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Still starting.
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
