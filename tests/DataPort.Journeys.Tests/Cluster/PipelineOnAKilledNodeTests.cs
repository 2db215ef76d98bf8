using System.Diagnostics;
using System.Globalization;
using DataPort.Client;
using DataPort.Testing;
using Xunit.Abstractions;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// Two nodes that run pipelines; a merchant uploads a large file, the operator watches the run's progress through the
/// API, and the node running it is killed with SIGKILL. The other node takes the run over once the dead node's hold on
/// it lapses (<c>Jobs:InvisibilityTimeout</c>, 10 s here), and the upload is drafted from every row.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PipelineOnAKilledNodeTests(ClusterOfProcesses cluster, ITestOutputHelper output)
{
    private const int Rows = 1_000_000;
    private static readonly Dictionary<string, string> DraftingNode = new() { ["Jobs:PipelineWorkers"] = "1" };

    [Fact]
    public async Task Given_a_pipeline_run_under_way_When_its_node_is_killed_Then_the_other_node_runs_it_to_a_draft()
    {
        await using var first = await cluster.StartProcessAsync(DraftingNode);
        await using var second = await cluster.StartProcessAsync(DraftingNode);
        var file = Path.Combine(Path.GetTempPath(), $"bus-stops-{Guid.NewGuid():N}.csv");
        try
        {
            await Programs.RunAsync(cluster.ConnectionString, "generate", "bus-stops",
                "--rows", Rows.ToString(CultureInfo.InvariantCulture), "--out", file, "--catalog", Programs.Catalog);
            var entry = cluster.Nodes[0];
            using var operatorHttp = cluster.As(entry, ClusterOfProcesses.Operator);
            var jobs = new JobsClient(operatorHttp);
            var owner = (await new DatasetsClient(operatorHttp).GetDatasetAsync(ClusterOfProcesses.DatasetId)).OwnerOrganisationId;
            using var ownerHttp = cluster.As(entry, $"owner-1;{owner};merchant");
            var uploads = new UploadsClient(ownerHttp);

            UploadView received;
            await using (var content = File.OpenRead(file))
            {
                received = await uploads.UploadDatasetFileAsync(ClusterOfProcesses.DatasetId,
                    file: new FileParameter(content, "bus-stops.csv", "text/csv"));
            }
            var running = await Poll.UntilAsync(
                async () => (await jobs.ListJobRunsAsync("processing")).Items.FirstOrDefault(r => r.Arguments.TryGetValue("uploadId", out var upload) && upload == received.UploadId),
                r => r is { Progress: { Done: > 0 } p } && p.Done < p.Total && p.Stage is not null, "the run's progress, part way");
            var (victim, survivor) = RunsOn(running!, first) ? (first, second) : (second, first);
            Assert.True(RunsOn(running!, victim));
            output.WriteLine($"run {running!.Id} at {running.Progress!.Done:N0} of {running.Progress.Total:N0} bytes ({running.Progress.Stage}, " +
                $"{running.Progress.Items:N0} rows) on {running.Node}; killing it");

            victim.Kill();
            var sinceKill = Stopwatch.StartNew();
            var drafted = await Poll.UntilAsync(
                () => uploads.GetUploadAsync(ClusterOfProcesses.DatasetId, received.UploadId),
                u => u.Status != UploadStatus.Preparing, "the upload to be drafted by the surviving node", seconds: 180);

            // The draft is recorded just before the run ends, so the run may still be finishing.
            var run = await Poll.UntilAsync(() => jobs.GetJobRunAsync(running.Id), r => r.State != JobRunState.Processing, "the run to end");
            output.WriteLine($"drafted {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill; run {run.Id}: {run.State}, {run.Attempts} attempts, on {run.Node}");
            Assert.Equal(UploadStatus.Ready, drafted.Status);
            Assert.Equal(Rows, drafted.Draft!.RowsRead);
            Assert.Equal(JobRunState.Succeeded, run.State);
            // At least the killed attempt and the survivor's. Under heavy load (five servers and a full-speed draft on two
            // cores) a third was seen once: the survivor's own hold lapsed and it took the run up again, which a draft
            // survives because it is rewritten whole.
            Assert.True(run.Attempts >= 2, $"{run.Attempts} attempts");
            Assert.True(RunsOn(run, survivor), $"the run finished on {run.Node}, not on the surviving node (pid {survivor.ProcessId})");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A Hangfire server is named "{machine}:{pid}:{queue group}:{id}" (Jobs:NodeName's default).</summary>
    private static bool RunsOn(JobRun run, ServerProcess node) =>
        run.Node?.Split(':') is [_, var pid, ..] && pid == node.ProcessId.ToString(CultureInfo.InvariantCulture);
}
