using DataPort.ReadModels.Assets;
using DataPort.ReadModels.Datasets;
using DataPort.ReadModels.Grants;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataPort.ReadModels;

public static class ReadModelsRegistration
{
    /// <summary>
    /// The read models' projections in the event store (<see cref="ReadModelSchema"/>) and their queries. Every host
    /// that appends to asset, dataset or grant streams needs them, or the inline views fall behind its writes.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortReadModels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureMarten, ReadModelProjections>();
        builder.Services.AddSingleton<DatasetCatalog>();
        builder.Services.AddSingleton<GrantDirectory>();
        builder.Services.AddSingleton<AssetDirectory>();
        return builder;
    }

    private sealed class ReadModelProjections : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => ReadModelSchema.Configure(options);
    }
}
