using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.EventStore;
using DataPort.Grains.Certificates;
using DataPort.Grains.EventSourcing;
using Marten;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Assets;

internal sealed class AssetRegistrationGrain(
    IDocumentStore store, EventWriter writer, AssetRegistrationDecider decider, ICertificateNumberAllocator numbers, IOptions<GrainOptions> options)
    : EventSourcedGrain<AssetRegistration, AssetCommand, IAssetEvent>(store, writer, decider, options), IAssetRegistrationGrain
{
    protected override string StreamType => "asset";

    public Task<Versioned<AssetRegistration>?> GetAsync() => ReadAsync();

    public Task<Versioned<AssetRegistration>> ExecuteAsync(AssetCommand command, long? expectedVersion = null)
    {
        GrainKeys.Check(command.AssetId, PrimaryKey);
        return ExecuteAsync(command, command.By.Id, expectedVersion);
    }

    public async Task<Versioned<AssetRegistration>> RegisterAsync(Caller by, DateTimeOffset at, long? expectedVersion = null)
    {
        // Decide once without a number so a refused registration does not use one up; numbers may still
        // have gaps (a lost race after allocation), which certificate numbering permits.
        var current = await ReadAsync();
        decider.Decide(current?.State, new RegisterAsset(PrimaryKey, new(at.Year, 1), by, at));
        var number = await numbers.NextAsync(at.Year);
        return await ExecuteAsync(new RegisterAsset(PrimaryKey, number, by, at), by.Id, expectedVersion);
    }
}
