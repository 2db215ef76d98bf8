// usage: node bench/DataPort.Privacy.Bench/duckdb-mask.mjs IN.csv OUT.parquet
// Prints a human line, then (last line) JSON with rows, wall_s, user_s, sys_s (CPU of the COPY, all threads)
// and max_rss_mb (peak resident set of the whole node process) for the harness's `compare`.
// The same job as `DataPort.Privacy.Bench mask` done by DuckDB (single thread) with SQL string functions:
// keyed hash for names and e-mails (sha256 of secret || value: DuckDB has no HMAC-SM3), partial masks for
// ids, phones and plates, district for addresses, age band for birth dates, regex replacement of
// identifiers in the remarks. DuckDB does not classify columns or check k-anonymity; DataPort does both.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(repo, 'tests', 'interop', 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);

const [input, output] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads=1');
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
await connection.run(`COPY (
  SELECT
    substr(sha256('benchmark dataset secret 32 byte' || 姓名), 1, 16) AS 姓名,
    substr(身份证号, 1, 6) || repeat('*', length(身份证号) - 6) AS 身份证号,
    substr(手机号, 1, 3) || '****' || substr(手机号, 8, 4) AS 手机号,
    coalesce(nullif(regexp_extract(住址, '^(.*?[区县])', 1), ''), '*') AS 住址,
    substr(车牌号, 1, 2) || repeat('*', length(车牌号) - 2) AS 车牌号,
    (date_diff('year', CAST(出生日期 AS DATE), current_date) // 10 * 10)::VARCHAR || '-' ||
      (date_diff('year', CAST(出生日期 AS DATE), current_date) // 10 * 10 + 9)::VARCHAR AS 出生日期,
    substr(sha256('benchmark dataset secret 32 byte' || 邮箱), 1, 16) AS 邮箱,
    订单号,
    金额,
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(备注,
      '[1-9]\\d{5}(19|20)\\d{2}[01]\\d[0-3]\\d\\d{3}[0-9Xx]', '[cn_resident_id]', 'g'),
      '1[3-9]\\d{9}', '[cn_mobile]', 'g'),
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]+', '[email]', 'g'),
      '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}', '[cn_license_plate]', 'g'),
      '(联系人|申请人)[\\p{Han}]{2,3}', '\\1[person_name]', 'g') AS 备注
  FROM read_csv(${quote(input)}, header = true, all_varchar = true)
) TO ${quote(output)} (FORMAT parquet, COMPRESSION snappy)`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const count = (await (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${quote(output)})`)).getRowObjects())[0].n;
// Peak RSS of this process: VmHWM on Linux, because getrusage's maxRSS survives exec and would report the
// parent's peak when a harness that used more memory starts node. Elsewhere maxRSS (KiB).
const hwm = (() => { try { return /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]; } catch { return undefined; } })();
const maxRssMb = Number(hwm ?? process.resourceUsage().maxRSS) * 1024 / 1e6;
console.log(`duckdb: ${count} rows in ${seconds.toFixed(2)} s = ${Math.round(Number(count) / seconds).toLocaleString('en-US')} rows/s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, peak RSS ${maxRssMb.toFixed(0)} MB`);
console.log(JSON.stringify({ rows: Number(count), wall_s: seconds, user_s: cpu.user / 1e6, sys_s: cpu.system / 1e6, max_rss_mb: maxRssMb }));
