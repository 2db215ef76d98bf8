using System.Globalization;
using DataPort.Client;
using DuckDB.NET.Data;

namespace DataPort.Samples;

/// <summary>A developer's path to their first rows, every step on the SDK.</summary>
public sealed class Quickstart(DataPortConnection developer, DataPortConnection owner, TextWriter output)
{
    public async Task RunAsync(string datasetId)
    {
        // 1. Find the dataset in the catalog, open it for its columns and see how it sits in the sandbox.
        var found = await developer.Datasets.SearchDatasetsAsync(q: datasetId);
        var listed = found.Items.FirstOrDefault(d => d.DatasetId == datasetId);
        output.WriteLine(listed is null
            ? $"dataset {datasetId} is not in the catalog's search (matched {found.Total}); opening it by id"
            : $"found in the catalog: {listed.Title.Zh}, {listed.LicenceOptions.Count} licence option(s), latest version {listed.LatestVersion?.Number}");
        var dataset = await developer.Datasets.GetDatasetAsync(datasetId);
        var version = (await developer.Sandbox.ListSandboxVersionsAsync(datasetId)).OrderBy(v => v.Version).Last();
        output.WriteLine($"dataset: {dataset.DatasetId} — {dataset.Metadata.Title.Zh} / {dataset.Metadata.Title.En}; " +
            $"sandbox table {version.Table} (version {version.Version}, {version.RowCount} rows)");
        foreach (var column in version.Columns)
        {
            output.WriteLine($"  {column.Name,-20} {column.Label} ({column.Type})");
        }

        // 2. Ask for the dataset's non-personal columns under the licence that allows the most (rows and downloads,
        //    else rows, else aggregates only); the owner approves.
        var licence = dataset.LicenceOptions.FirstOrDefault(l => l.DownloadAllowed && !l.AggregateOnly)
            ?? dataset.LicenceOptions.FirstOrDefault(l => !l.AggregateOnly) ?? dataset.LicenceOptions[0];
        var fields = dataset.Columns.Where(c => !c.Personal).Select(c => c.Name).ToList();
        var requested = await developer.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = datasetId, LicenceOptionId = licence.Id, Purpose = "DataPort quickstart: first look at the data", TermDays = 30, Fields = fields,
        });
        var grant = await owner.Grants.ApproveGrantAsync(requested.GrantId, new Approval { MaxQueries = 100, MaxRows = 100_000 });
        output.WriteLine($"grant {grant.GrantId}: {grant.Status} until {grant.ExpiresAt:yyyy-MM-dd}, licence {licence.Id}, {grant.GrantedFields.Count} fields");

        // 3. Query rows with SQL, as the grant's own database role (an aggregate-only licence keeps rows in the sandbox).
        if (licence.AggregateOnly)
        {
            output.WriteLine($"licence {licence.Id} is aggregate-only: no rows leave the sandbox, aggregations below");
        }
        else
        {
            await PrintFirstRowsAsync(grant.GrantId, version, fields);
        }

        // 4. An aggregation by district (or the second text column): counts, and the mean of the first numeric column.
        var granted = version.Columns.Where(c => fields.Contains(c.Label)).ToList();
        var groupBy = granted.FirstOrDefault(c => c.Name == "district") ?? granted.Where(c => c.Type == "text").Skip(1).First();
        var numeric = granted.FirstOrDefault(c => c.Type is "bigint" or "integer") ?? granted.FirstOrDefault(c => c.Type is "numeric" or "double precision");
        List<AggregationMetric> metrics = [new AggregationMetric { Function = "count" }];
        if (numeric is not null)
        {
            // Under an aggregate-only licence the mean is differentially private: values are clamped into public bounds.
            metrics.Add(licence.AggregateOnly
                ? new AggregationMetric { Function = "avg", Column = numeric.Label, Lower = 0, Upper = 1_000_000 }
                : new AggregationMetric { Function = "avg", Column = numeric.Label });
        }
        var aggregation = await developer.Sandbox.RunSandboxAggregationAsync(new AggregationRequest
        {
            GrantId = grant.GrantId, DatasetId = datasetId, Version = version.Version, GroupBy = [groupBy.Label], Metrics = metrics,
        });
        output.WriteLine($"by {groupBy.Label}{(numeric is null ? "" : $", mean {numeric.Label}")}: {aggregation.Groups.Count} groups " +
            $"({aggregation.Privacy.Mechanism}, release threshold {aggregation.Privacy.ReleaseThreshold} rows" +
            (aggregation.Privacy.EpsilonLeft is { } left ? $", ε {aggregation.Privacy.EpsilonSpent} spent, {left} left)" : ")"));
        foreach (var group in aggregation.Groups.Take(6))
        {
            output.WriteLine($"  {group.Key} {group.Metrics}");
        }

        // 5. Download the version as Parquet (the granted columns only) and read it with DuckDB.
        if (licence.DownloadAllowed)
        {
            var path = Path.Combine(Path.GetTempPath(), $"{version.Table}-v{version.Version}-{Guid.NewGuid():N}.parquet");
            using (var file = await developer.Sandbox.DownloadSandboxVersionAsync(datasetId, version.Version, grant.GrantId))
            await using (var copy = File.Create(path))
            {
                await file.Stream.CopyToAsync(copy);
            }
            output.WriteLine($"downloaded {new FileInfo(path).Length} bytes to {path}; DuckDB reads:");
            PrintWithDuckDb(path);
            File.Delete(path);
        }

        // 6. What the grant has used, and what is left.
        var used = await developer.Grants.GetGrantAsync(grant.GrantId);
        output.WriteLine($"usage: {used.Usage.Queries} queries of {used.Quota.MaxQueries}, {used.Usage.Rows} rows of {used.Quota.MaxRows}, " +
            $"{used.Usage.Downloads} downloads");
    }

    private async Task PrintFirstRowsAsync(string grantId, SandboxVersionView version, IReadOnlyList<string> fields)
    {
        var rows = await developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest
        {
            GrantId = grantId,
            Sql = $"SELECT {string.Join(", ", version.Columns.Where(c => fields.Contains(c.Label)).Select(c => c.Name))} FROM {version.Table} LIMIT 5",
        });
        output.WriteLine($"first rows ({rows.RowCount}):");
        output.WriteLine("  " + string.Join(" | ", rows.Columns.Select(c => c.Label)));
        foreach (var row in rows.Rows)
        {
            output.WriteLine("  " + string.Join(" | ", row.Select(value => value?.ToString() ?? "")));
        }
    }

    private void PrintWithDuckDb(string path)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') LIMIT 3";
        using var reader = command.ExecuteReader();
        output.WriteLine("  " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
        while (reader.Read())
        {
            output.WriteLine("  " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
    }
}
