// usage: node read.mjs duckdb|hyparquet FILE.parquet...
// Prints a JSON array with one {"columns":[...],"rows":[[...]]} per file (values normalised as in lib.mjs).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parquetReadObjects, parquetMetadata, parquetSchema } from 'hyparquet';
import { openDuckDb, readWithDuckDb, toJson } from './lib.mjs';

async function readWithHyparquet(file) {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const columns = parquetSchema(parquetMetadata(buffer)).children.map(c => c.element.name);
  const objects = await parquetReadObjects({
    file: buffer,
    // Un-annotated BYTE_ARRAY is binary, not text.
    utf8: false,
    // hyparquet decodes only SNAPPY itself; GZIP goes through its documented compressors hook.
    compressors: { GZIP: input => new Uint8Array(zlib.gunzipSync(input)) },
    parsers: {
      timestampFromMilliseconds: v => 'us:' + (BigInt(v) * 1000n).toString(),
      timestampFromMicroseconds: v => 'us:' + BigInt(v).toString(),
      timestampFromNanoseconds: v => 'us:' + (BigInt(v) / 1000n).toString(),
      dateFromDays: v => 'd:' + v,
    },
  });
  return { columns, rows: objects.map(o => columns.map(c => o[c] ?? null)) };
}

const [engine, ...files] = process.argv.slice(2);
const results = [];
if (engine === 'duckdb') {
  const connection = await openDuckDb();
  for (const file of files) results.push(await readWithDuckDb(connection, file));
} else if (engine === 'hyparquet') {
  for (const file of files) results.push(await readWithHyparquet(file));
} else {
  console.error('usage: node read.mjs duckdb|hyparquet FILE.parquet...');
  process.exit(2);
}
process.stdout.write(toJson(results));
