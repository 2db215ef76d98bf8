// usage: node duckdb-write.mjs ROWS ROW_GROUP_SIZE OUT.parquet:CODEC...
// Writes deterministic data with DuckDB (one file per codec), then prints a JSON array of DuckDB's own
// reading of each file (see lib.mjs).
import { openDuckDb, readWithDuckDb, toJson } from './lib.mjs';

const [rows, rowGroupSize, ...targets] = process.argv.slice(2);
const connection = await openDuckDb();
const results = [];
for (const target of targets) {
const separator = target.lastIndexOf(':');
const out = target.slice(0, separator);
const codec = target.slice(separator + 1);
const path = out.replaceAll("'", "''");
await connection.run(`COPY (
  SELECT
    i::BIGINT AS id,
    (i % 1000)::INTEGER AS i32,
    (i % 100)::SMALLINT AS i16,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || (i % 13)::VARCHAR END AS low,
    CASE WHEN i % 5 = 0 THEN NULL ELSE md5(i::VARCHAR) END AS high,
    '厦门数据港-' || i::VARCHAR AS zh,
    CASE WHEN i % 11 = 0 THEN '' ELSE repeat('x', (i % 50)::INTEGER) END AS empties,
    i / 7.0::DOUBLE AS d,
    (i / 3.0)::REAL AS f,
    i % 3 = 0 AS b,
    DATE '2020-01-01' + (i % 1000)::INTEGER AS dt,
    TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1234567) AS ts,
    TIMESTAMP '2001-02-03 04:05:06' + to_microseconds(i) AS ts_local,
    (i * 1.25)::DECIMAL(12, 2) AS dec,
    ((i % 1000) * 0.5)::DECIMAL(4, 1) AS dec_small,
    (i * 12345.6789 - 99999)::DECIMAL(38, 4) AS dec_wide,
    CASE WHEN i % 2 = 0 THEN NULL ELSE i * 2 END::BIGINT AS half_null
  FROM range(${Number(rows)}) t(i)
) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${Number(rowGroupSize)})`);
results.push(await readWithDuckDb(connection, out));
}
process.stdout.write(toJson(results));
