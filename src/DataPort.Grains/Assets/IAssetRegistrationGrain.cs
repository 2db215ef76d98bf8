using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Grains.EventSourcing;
using Orleans;

namespace DataPort.Grains.Assets;

/// <summary>One 数据资产登记, keyed by its asset id.</summary>
public interface IAssetRegistrationGrain : IGrainWithStringKey
{
    Task<Versioned<AssetRegistration>?> GetAsync();

    Task<Versioned<AssetRegistration>> ExecuteAsync(AssetCommand command, long? expectedVersion = null);

    /// <summary>Registers the asset under the next certificate number of the year and signs the certificate.</summary>
    Task<Versioned<AssetRegistration>> RegisterAsync(Caller by, DateTimeOffset at, long? expectedVersion = null);
}
