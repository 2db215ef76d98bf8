using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// An operator follows a merchant's upload through the jobs API and the dashboard (the run the upload names, its progress), and
/// asking to run the pipeline of an upload that is not waiting for a draft is refused with what to do instead.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class PipelineRunsApiTests(PortWithCatalog port)
{
    [Fact]
    public async Task Given_a_drafted_upload_When_the_operator_reads_its_run_and_asks_to_run_it_again_Then_the_run_is_there_and_the_request_is_refused()
    {
        using var merchant = await port.AppOfAsync("xm-transport", "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, priceFen: 10);
        var received = await merchant.Uploads.UploadDatasetFileAsync(datasetId,
            file: new FileParameter(new MemoryStream(BusTaps.Csv(rows: 500)), "taps.csv", "text/csv"));
        await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId);
        using var operatorHttp = port.As(PortWithCatalog.Operator);
        var jobs = new JobsClient(operatorHttp);

        // The draft is recorded just before the run ends, so the run may still be finishing.
        var run = (await Poll.UntilAsync(() => jobs.ListJobRunsAsync("succeeded", pageSize: 200),
            page => page.Items.Any(r => IsFor(r, received.UploadId)), "the upload's run among the succeeded")).Items.Single(r => IsFor(r, received.UploadId));
        var dashboardPage = await operatorHttp.GetStringAsync($"console/jobs/jobs/details/{run.Id}");
        var again = await Assert.ThrowsAnyAsync<DataPortApiException>(() =>
            jobs.RunUploadPipelineAsync(new PipelineRunStart { DatasetId = datasetId, UploadId = received.UploadId }));
        var missing = await Assert.ThrowsAnyAsync<DataPortApiException>(() =>
            jobs.RunUploadPipelineAsync(new PipelineRunStart { DatasetId = datasetId, UploadId = "no-such-upload" }));

        Assert.Equal("pipeline-run", run.Job);
        Assert.Equal(1, run.Attempts);
        Assert.Equal(run.Progress!.Total, run.Progress.Done);
        Assert.Equal(500, run.Progress.Items);
        Assert.Contains("<strong>进度</strong> drafted", dashboardPage, StringComparison.Ordinal);
        Assert.Contains("500 行", dashboardPage, StringComparison.Ordinal);
        Assert.Equal(409, again.StatusCode);
        Assert.Equal("This upload is not waiting for a draft.", Assert.IsType<DataPortApiException<ProblemDetails>>(again).Result.Title);
        Assert.Equal(404, missing.StatusCode);
    }

    private static bool IsFor(JobRun run, string uploadId) => run.Arguments.TryGetValue("uploadId", out var upload) && upload == uploadId;
}
