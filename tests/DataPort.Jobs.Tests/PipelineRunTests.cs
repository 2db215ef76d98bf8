using System.Text;

namespace DataPort.Jobs.Tests;

public sealed class Given_a_raw_csv_for_a_dataset_version(JobsDatabase database) : IClassFixture<JobsDatabase>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dataport-jobs-").FullName;

    [Fact]
    public async Task When_a_pipeline_run_is_enqueued_twice_Then_masked_parquet_is_written_once_and_both_runs_succeed()
    {
        var input = Path.Combine(folder, "bus-stops.csv");
        var csv = new StringBuilder("stop_name,line,passengers\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append($"Stop {i},Line {i % 7},{i * 3}\n");
        }
        await File.WriteAllTextAsync(input, csv.ToString());
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Pipeline:OutputDirectory"] = Path.Combine(folder, "releases"),
            ["Jobs:Pipeline:PseudonymKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
        };
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a", settings);
        var request = new PipelineRunRequest("xm-bus-stops", "2026.1", new Uri(input).AbsoluteUri);

        var first = await node.Runs.EnqueuePipelineRunAsync(request);
        var done = await Eventually.ValueAsync(() => node.Runs.GetAsync(first), r => r.State is JobRunState.Succeeded or JobRunState.Failed, "the run to end");
        Assert.Equal(JobRunState.Succeeded, done.State);
        var output = Path.Combine(folder, "releases", "xm-bus-stops", "2026.1.parquet");
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(Path.ChangeExtension(output, ".report.json")));
        Assert.NotNull(done.Progress);
        Assert.Equal(done.Progress.Total, done.Progress.Done);
        var written = File.GetLastWriteTimeUtc(output);

        var second = await node.Runs.EnqueuePipelineRunAsync(request);
        var again = await Eventually.ValueAsync(() => node.Runs.GetAsync(second), r => r.State is JobRunState.Succeeded or JobRunState.Failed, "the second run to end");
        Assert.Equal(JobRunState.Succeeded, again.State);
        Assert.Equal(written, File.GetLastWriteTimeUtc(output));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
