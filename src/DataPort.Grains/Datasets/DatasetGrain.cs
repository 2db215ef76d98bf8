using DataPort.Domain.Datasets;
using DataPort.EventStore;
using DataPort.Grains.EventSourcing;
using Marten;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Datasets;

internal sealed class DatasetGrain(IDocumentStore store, EventWriter writer, IOptions<GrainOptions> options)
    : EventSourcedGrain<Dataset, DatasetCommand, IDatasetEvent>(store, writer, DatasetDecider.Instance, options), IDatasetGrain
{
    protected override string StreamType => "dataset";

    public Task<Versioned<Dataset>?> GetAsync() => ReadAsync();

    public Task<Versioned<Dataset>> ExecuteAsync(DatasetCommand command, long? expectedVersion = null)
    {
        GrainKeys.Check(command.DatasetId, PrimaryKey);
        return ExecuteAsync(command, command.By.Id, expectedVersion);
    }
}
