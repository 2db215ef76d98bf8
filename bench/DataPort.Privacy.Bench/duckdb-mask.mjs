// usage: node bench/DataPort.Privacy.Bench/duckdb-mask.mjs IN.csv OUT.parquet [--masking-only]
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

const [input, output, mode] = process.argv.slice(2);
const maskingOnly = mode === '--masking-only';
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads=1');
const secret = 'benchmark dataset secret 32 byte';
const remarks = (column) => `regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(${column},
      '[1-9]\\d{5}(19|20)\\d{2}[01]\\d[0-3]\\d\\d{3}[0-9Xx]', '[cn_resident_id]', 'g'),
      '1[3-9]\\d{9}', '[cn_mobile]', 'g'),
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]+', '[email]', 'g'),
      '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}', '[cn_license_plate]', 'g'),
      '(联系人|申请人)[\\p{Han}]{2,3}', '\\1[person_name]', 'g')`;
const header = readFileSync(input, { encoding: 'utf8', flag: 'r' }).slice(0, 400).split('\n')[0];
// The wide table (22 columns) adds the k-anonymity step: quasi-identifiers at fixed levels (district, a 2-decimal
// grid, 5-year bands of birth years: the levels DataPort's search chooses for this file) and every row of a class
// smaller than 5 dropped, counted with a window. DuckDB has no search; DataPort's choice is given to it.
// --masking-only leaves the k step out, for the masking alone.
const kStep = (masked) => maskingOnly ? masked : `
  SELECT * EXCLUDE (class_size) FROM (
    SELECT *, count(*) OVER (PARTITION BY 住址, 位置, 出生日期) AS class_size FROM (${masked})
  ) WHERE class_size >= 5`;
const sql = header.includes('位置') ? kStep(`
    SELECT
      substr(sha256('${secret}' || 姓名), 1, 16) AS 姓名,
      性别,
      substr(身份证号, 1, 6) || repeat('*', length(身份证号) - 6) AS 身份证号,
      substr(手机号, 1, 3) || '****' || substr(手机号, 8, 4) AS 手机号,
      substr(固定电话, 1, 4) || repeat('*', length(固定电话) - 6) || substr(固定电话, length(固定电话) - 1, 2) AS 固定电话,
      substr(sha256('${secret}' || 邮箱), 1, 16) AS 邮箱,
      coalesce(nullif(regexp_extract(住址, '^(.*?[区县])', 1), ''), '*') AS 住址,
      printf('%.2f,%.2f', floor(CAST(split_part(位置, ',', 1) AS DOUBLE) * 100) / 100, floor(CAST(split_part(位置, ',', 2) AS DOUBLE) * 100) / 100) AS 位置,
      (year(CAST(出生日期 AS DATE)) // 5 * 5)::VARCHAR || '-' || (year(CAST(出生日期 AS DATE)) // 5 * 5 + 4)::VARCHAR AS 出生日期,
      substr(车牌号, 1, 2) || repeat('*', length(车牌号) - 2) AS 车牌号,
      substr(银行卡号, 1, 6) || repeat('*', length(银行卡号) - 10) || substr(银行卡号, length(银行卡号) - 3, 4) AS 银行卡号,
      regexp_replace(IP地址, '\\.\\d+$', '.0') || '/24' AS IP地址,
      订单号, 下单时间, 金额, 数量, 商户, 渠道, 状态, 统一社会信用代码,
      ${remarks('备注')} AS 备注,
      ${remarks('评价')} AS 评价
    FROM read_csv(${quote(input)}, header = true, all_varchar = true)`) : `
  SELECT
    substr(sha256('${secret}' || 姓名), 1, 16) AS 姓名,
    substr(身份证号, 1, 6) || repeat('*', length(身份证号) - 6) AS 身份证号,
    substr(手机号, 1, 3) || '****' || substr(手机号, 8, 4) AS 手机号,
    coalesce(nullif(regexp_extract(住址, '^(.*?[区县])', 1), ''), '*') AS 住址,
    substr(车牌号, 1, 2) || repeat('*', length(车牌号) - 2) AS 车牌号,
    (date_diff('year', CAST(出生日期 AS DATE), current_date) // 10 * 10)::VARCHAR || '-' ||
      (date_diff('year', CAST(出生日期 AS DATE), current_date) // 10 * 10 + 9)::VARCHAR AS 出生日期,
    substr(sha256('${secret}' || 邮箱), 1, 16) AS 邮箱,
    订单号,
    金额,
    ${remarks('备注')} AS 备注
  FROM read_csv(${quote(input)}, header = true, all_varchar = true)`;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
await connection.run(`COPY (${sql}) TO ${quote(output)} (FORMAT parquet, COMPRESSION snappy)`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const count = (await (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${quote(output)})`)).getRowObjects())[0].n;
// Peak RSS of this process: VmHWM on Linux, because getrusage's maxRSS survives exec and would report the
// parent's peak when a harness that used more memory starts node. Elsewhere maxRSS (KiB).
const hwm = (() => { try { return /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]; } catch { return undefined; } })();
const maxRssMb = Number(hwm ?? process.resourceUsage().maxRSS) * 1024 / 1e6;
console.log(`duckdb: ${count} rows in ${seconds.toFixed(2)} s = ${Math.round(Number(count) / seconds).toLocaleString('en-US')} rows/s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, peak RSS ${maxRssMb.toFixed(0)} MB`);
console.log(JSON.stringify({ rows: Number(count), wall_s: seconds, user_s: cpu.user / 1e6, sys_s: cpu.system / 1e6, max_rss_mb: maxRssMb }));
