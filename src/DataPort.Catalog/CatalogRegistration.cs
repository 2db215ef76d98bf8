using DataPort.Catalog.Publishing;
using DataPort.Catalog.Uploads;
using DataPort.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Catalog;

public static class CatalogRegistration
{
    /// <summary>
    /// Merchants' uploads: receiving files (<see cref="UploadReceiver"/>), the pipeline job that drafts them, and
    /// publishing a reviewed draft (<see cref="UploadPublisher"/>). Needs the grains, the jobs and the sandbox modules.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortCatalog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.TryAddSingleton(sp => new ReleaseFiles(sp.GetRequiredService<IOptions<UploadOptions>>().Value.DataDirectory));
        services.TryAddSingleton<UploadReceiver>();
        services.TryAddSingleton<UploadColumnChoices>();
        services.TryAddSingleton<UploadPublisher>();
        services.AddSingleton<IPipelineRunner, UploadDraftRunner>();
        return builder;
    }
}
