using DataPort.Domain.Datasets;
using DataPort.Grains.EventSourcing;
using Orleans;

namespace DataPort.Grains.Datasets;

/// <summary>One dataset (catalog entry and product), keyed by its dataset id.</summary>
public interface IDatasetGrain : IGrainWithStringKey
{
    Task<Versioned<Dataset>?> GetAsync();

    Task<Versioned<Dataset>> ExecuteAsync(DatasetCommand command, long? expectedVersion = null);
}
