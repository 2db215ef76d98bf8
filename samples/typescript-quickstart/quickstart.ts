// A developer's first rows on the TypeScript SDK: token, search, request access (the owner's app approves), query,
// aggregate, download Parquet and read it back, usage. Against scripts/run.sh:
//   cd samples/typescript-quickstart && npm install && npm run build && npm start -- --development
// Elsewhere set DATAPORT_CLIENT_ID / DATAPORT_CLIENT_SECRET (the developer's app) and DATAPORT_OWNER_CLIENT_ID /
// DATAPORT_OWNER_CLIENT_SECRET (an app of the dataset's owner, which approves), and pass --url.
import { writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    ClientsClient, DatasetsClient, GrantsClient, OrganisationsClient, SandboxClient,
} from "../../sdk/typescript/dataport-client";
import { connect, allPages, type Connection } from "../../sdk/typescript/connection";

interface App { clientId: string; clientSecret: string }

function option(name: string): string | undefined {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Development servers only: acting as the local operator, makes the developer's app and an approvals app of the owner. */
async function developmentApps(baseUrl: string, datasetId: string): Promise<{ developer: App; owner: App }> {
    const operator = { fetch: (url: RequestInfo, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("X-DataPort-Actor", "quickstart-operator;xm-operator;operator");
        return fetch(url, { ...init, headers });
    } };
    const organisation = `quickstart-ts-${Date.now().toString(36)}`;
    await new OrganisationsClient(baseUrl, operator).createOrganisation({ id: organisation, name: "TypeScript quickstart" });
    const clients = new ClientsClient(baseUrl, operator);
    const developer = await clients.createClient(organisation, { name: "quickstart", scopes: ["catalog.read", "sandbox.query", "data.download"] });
    const dataset = await new DatasetsClient(baseUrl, operator).getDataset(datasetId);
    try {
        // Catalog departments are not sign-in organisations until an operator makes them (409: made before).
        await new OrganisationsClient(baseUrl, operator).createOrganisation({ id: dataset.ownerOrganisationId, name: dataset.ownerOrganisationId });
    } catch (e) {
        // The generated client throws a declared problem as the problem details themselves.
        if ((e as { status?: number }).status !== 409) throw e;
    }
    const owner = await clients.createClient(dataset.ownerOrganisationId, { name: "quickstart approvals", scopes: ["catalog.read", "merchant.manage"] });
    console.log(`set up: developer organisation ${organisation} with app ${developer.client.clientId}; an approvals app for ${dataset.ownerOrganisationId}`);
    return {
        developer: { clientId: developer.client.clientId, clientSecret: developer.clientSecret },
        owner: { clientId: owner.client.clientId, clientSecret: owner.clientSecret },
    };
}

function fromEnvironment(): { developer: App; owner: App } {
    const need = (name: string) => process.env[name] || (() => { throw new Error(`${name} is not set (or pass --development against scripts/run.sh)`); })();
    return {
        developer: { clientId: need("DATAPORT_CLIENT_ID"), clientSecret: need("DATAPORT_CLIENT_SECRET") },
        owner: { clientId: need("DATAPORT_OWNER_CLIENT_ID"), clientSecret: need("DATAPORT_OWNER_CLIENT_SECRET") },
    };
}

async function main(): Promise<void> {
    const baseUrl = (option("--url") ?? "http://127.0.0.1:5080").replace(/\/+$/, "");
    const datasetId = option("--dataset") ?? "bus-stops";
    const apps = process.argv.includes("--development") ? await developmentApps(baseUrl, datasetId) : fromEnvironment();
    const developer: Connection = connect({ baseUrl, ...apps.developer });
    const owner: Connection = connect({ baseUrl, ...apps.owner });
    const datasets = new DatasetsClient(baseUrl, developer);
    const sandbox = new SandboxClient(baseUrl, developer);
    const grants = new GrantsClient(baseUrl, developer);

    // 1. The catalog, page by page, and the dataset's table in the sandbox.
    let count = 0;
    for await (const _ of allPages((page, pageSize) => datasets.searchDatasets(undefined, undefined, page, pageSize))) count++;
    const dataset = await datasets.getDataset(datasetId);
    const version = (await sandbox.listSandboxVersions(datasetId)).sort((a, b) => b.version - a.version)[0];
    console.log(`catalog: ${count} datasets; ${dataset.datasetId} — ${dataset.metadata.title.zh} / ${dataset.metadata.title.en}; ` +
        `sandbox table ${version.table} (version ${version.version}, ${version.rowCount} rows)`);

    // 2. Request the non-personal columns under the licence that allows the most (rows and downloads, else rows,
    //    else aggregates only); the owner's app approves.
    const licence = dataset.licenceOptions.find(l => l.downloadAllowed && !l.aggregateOnly)
        ?? dataset.licenceOptions.find(l => !l.aggregateOnly) ?? dataset.licenceOptions[0];
    const fields = dataset.columns.filter(c => !c.personal).map(c => c.name);
    const requested = await grants.requestAccess({
        datasetId, licenceOptionId: licence.id, purpose: "DataPort TypeScript quickstart", termDays: 30, fields,
    });
    const grant = await new GrantsClient(baseUrl, owner).approveGrant(requested.grantId, { maxQueries: 100 });
    console.log(`grant ${grant.grantId}: ${grant.status}, licence ${licence.id}, ${grant.grantedFields.length} fields`);

    // 3. Rows with SQL (an aggregate-only licence keeps rows in the sandbox).
    const granted = version.columns.filter(c => fields.includes(c.label));
    if (licence.aggregateOnly) {
        console.log(`licence ${licence.id} is aggregate-only: no rows leave the sandbox, aggregations below`);
    } else {
        const rows = await sandbox.runSandboxQuery({
            grantId: grant.grantId, sql: `SELECT ${granted.map(c => c.name).join(", ")} FROM ${version.table} LIMIT 5`,
        });
        console.log(`first rows (${rows.rowCount}):`);
        console.log("  " + rows.columns.map(c => c.label).join(" | "));
        for (const row of rows.rows) console.log("  " + row.join(" | "));
    }

    // 4. Counts by district (or the second text column).
    const groupBy = granted.find(c => c.name === "district") ?? granted.filter(c => c.type === "text")[1];
    const aggregation = await sandbox.runSandboxAggregation({
        grantId: grant.grantId, datasetId, version: version.version, groupBy: [groupBy.label], metrics: [{ function: "count" }],
    });
    console.log(`by ${groupBy.label}: ${aggregation.groups.length} groups`);

    // 5. The version as Parquet (granted columns only), read back with hyparquet.
    if (licence.downloadAllowed) {
        const file = await sandbox.downloadSandboxVersion(datasetId, version.version, grant.grantId);
        const bytes = await file.data.arrayBuffer();
        const path = join(tmpdir(), `${version.table}-v${version.version}-${Date.now()}.parquet`);
        await writeFile(path, new Uint8Array(bytes));
        const { parquetReadObjects } = await import("hyparquet");
        const first = await parquetReadObjects({ file: bytes, rowEnd: 3 });
        console.log(`downloaded ${bytes.byteLength} bytes to ${path}; hyparquet reads ${Object.keys(first[0] ?? {}).length} columns:`);
        for (const row of first) console.log("  " + Object.values(row).join(" | "));
        await rm(path);
    }

    // 6. Usage and what is left.
    const used = await grants.getGrant(grant.grantId);
    console.log(`usage: ${used.usage.queries} queries of ${used.quota.maxQueries}, ${used.usage.downloads} downloads`);
}

// The generated client throws the server's problem details (RFC 9457) as they came, or a DataPortApiException.
main().catch(error => {
    const problem = error as { title?: string; detail?: string; status?: number };
    console.error(`error: ${error instanceof Error ? error.message : `${problem.status ?? ""} ${problem.title ?? ""}: ${problem.detail ?? JSON.stringify(error)}`}`);
    process.exitCode = 1;
});
