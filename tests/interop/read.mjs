// usage: node read.mjs duckdb|hyparquet FILE.parquet  → prints {"columns":[...],"rows":[[...]]}
import fs from 'node:fs';
import { parquetReadObjects, parquetMetadata, parquetSchema } from 'hyparquet';
import { openDuckDb, readWithDuckDb, toJson } from './lib.mjs';

const [engine, file] = process.argv.slice(2);
if (engine === 'duckdb') {
  const connection = await openDuckDb();
  const { columns, rows } = await readWithDuckDb(connection, file);
  process.stdout.write(toJson({ columns, rows }));
} else if (engine === 'hyparquet') {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const columns = parquetSchema(parquetMetadata(buffer)).children.map(c => c.element.name);
  const objects = await parquetReadObjects({
    file: buffer,
    parsers: {
      timestampFromMilliseconds: v => 'us:' + (BigInt(v) * 1000n).toString(),
      timestampFromMicroseconds: v => 'us:' + BigInt(v).toString(),
      timestampFromNanoseconds: v => 'us:' + (BigInt(v) / 1000n).toString(),
      dateFromDays: v => 'd:' + v,
    },
  });
  const rows = objects.map(o => columns.map(c => o[c] ?? null));
  process.stdout.write(toJson({ columns, rows }));
} else {
  console.error('usage: node read.mjs duckdb|hyparquet FILE.parquet');
  process.exit(2);
}
