// usage: node duckdb-convert.mjs INTEROP_DIR IN.csv OUT.parquet CODEC
// Converts with DuckDB on one thread and prints {"seconds": ..., "cpuSeconds": ...} for the COPY statement alone
// (CPU is the whole process's user+sys over the statement, so any helper thread DuckDB starts is counted).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [interop, input, output, codec] = process.argv.slice(2);
const require = createRequire(path.join(interop, 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads = 1');
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
await connection.run(`COPY (SELECT * FROM read_csv('${input.replaceAll("'", "''")}')) TO '${output.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION ${codec})`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
