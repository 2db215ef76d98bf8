using DataPort.ReadModels.Assets;
using DataPort.ReadModels.Datasets;
using DataPort.ReadModels.Grants;
using JasperFx.Events.Projections;
using Marten;

namespace DataPort.ReadModels;

/// <summary>
/// Where the read models live and how they are kept. Each view is a Marten document in schema <c>domain</c>
/// (<c>domain.mt_doc_dataset_view</c> …) with the fields lists filter on duplicated as indexed columns, which
/// other modules' SQL may join on (<c>owner_organisation_id</c>, <c>dataset_id</c> …).
/// </summary>
public static class ReadModelSchema
{
    public const string Schema = "domain";

    /// <summary>Projection names: Marten keys the async daemon's progress by them, so never rename one.</summary>
    public const string DatasetViews = "dataset-views", GrantViews = "grant-views", AssetViews = "asset-views";

    /// <summary>
    /// Each view's table and projection with its lifecycle: inline ones are written in the append's own transaction,
    /// the async one by the node that holds the daemon's lead. <c>dataport db migrate</c> creates the tables from this
    /// very configuration (projected documents carry the stream's version, which decides a column's type), and every
    /// store of a running process adds it.
    /// </summary>
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<DatasetView>().DatabaseSchemaName(Schema).DocumentAlias("dataset_view")
            .Duplicate(d => d.OwnerOrganisationId)
            .Duplicate(d => d.Available)
            .Duplicate(d => d.Theme)
            .Duplicate(d => d.UpdatedAt);
        options.Schema.For<GrantView>().DatabaseSchemaName(Schema).DocumentAlias("grant_view")
            .Duplicate(g => g.GrantId)
            .Duplicate(g => g.DatasetId)
            .Duplicate(g => g.OwnerOrganisationId)
            .Duplicate(g => g.DeveloperOrganisationId)
            .Duplicate(g => g.Status)
            .Duplicate(g => g.ExpiresAt)
            .Duplicate(g => g.UpdatedAt);
        options.Schema.For<AssetView>().DatabaseSchemaName(Schema).DocumentAlias("asset_view")
            .Duplicate(a => a.OwnerOrganisationId)
            .Duplicate(a => a.Status)
            .Duplicate(a => a.SubmittedAt)
            .Duplicate(a => a.UpdatedAt);
        options.Projections.Add(new DatasetViewProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new GrantViewProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new AssetViewProjection(), ProjectionLifecycle.Async);
    }
}
