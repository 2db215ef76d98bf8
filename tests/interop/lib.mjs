// Shared by the interop scripts: values are normalised to JSON that C# can compare exactly.
// Integers and decimals become strings (no float rounding), dates "d:<days since 1970-01-01>",
// timestamps "us:<microseconds since the epoch>", binary hex, doubles stay JSON numbers (shortest
// round-trip form; NaN and infinities as strings).
import { DuckDBInstance } from '@duckdb/node-api';

export function toJson(value) {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    return v;
  });
}

export async function openDuckDb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

function quote(name) {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Reads a Parquet file with DuckDB and returns { columns, types, rows } normalised as described above. */
export async function readWithDuckDb(connection, file) {
  const path = file.replaceAll("'", "''");
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  const columns = described.getRowObjects().map(r => ({ name: String(r.column_name), type: String(r.column_type) }));
  const select = columns.map(({ name, type }) => {
    const q = quote(name);
    if (type.startsWith('TIMESTAMP')) return `'us:' || epoch_us(${q})::VARCHAR`;
    if (type === 'DATE') return `'d:' || date_diff('day', DATE '1970-01-01', ${q})::VARCHAR`;
    if (type === 'DOUBLE' || type === 'FLOAT' || type === 'BOOLEAN' || type === 'VARCHAR') return q;
    if (type === 'BLOB') return `hex(${q})`;
    return `${q}::VARCHAR`;
  });
  const result = await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM read_parquet('${path}')`);
  return { columns: columns.map(c => c.name), types: columns.map(c => c.type), rows: result.getRows() };
}
