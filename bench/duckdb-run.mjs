// duckdb-run.mjs - run one benchmark query in DuckDB (in-process, through @duckdb/node-api)
// and report the time spent inside the engine.
//
//   node bench/duckdb-run.mjs --input bench/data/bids.csv --table bids \
//        --sql "SELECT auction, price FROM bids WHERE price > 1000000"  > out.csv
//   node bench/duckdb-run.mjs --version
//
// What is timed: from just before the CSV is bound as a view (DuckDB sniffs the file's
// dialect and column types at that point) to the end of
//   COPY (<sql>) TO '/dev/stdout' (HEADER, DELIMITER ',')
// so reading and parsing the whole CSV, the query, and formatting and writing the
// result as CSV are all inside the timer. Node's start-up, loading the DuckDB library,
// creating the instance and connecting are not.
//
// The view is `CREATE VIEW <table> AS SELECT * FROM read_csv('<input>', header=true)`:
// a view, not a table, so the file is read by the COPY itself and not loaded beforehand.
// The instance runs with threads=1 (sluice is single-threaded).
//
// On stderr it prints one line:  duckdb engine_ms=<float> rows=<rows written>
// The CSV result goes to this process's stdout (DuckDB itself opens /dev/stdout).

import { DuckDBInstance, version } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';

function parseArgs(argv) {
  const args = { threads: '1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version') args.version = true;
    else if (a === '--input') args.input = argv[++i];
    else if (a === '--table') args.table = argv[++i];
    else if (a === '--sql') args.sql = argv[++i];
    else if (a === '--threads') args.threads = argv[++i];
    else throw new Error(`unknown argument: ${a}`);
  }
  return args;
}

function sqlString(s) {
  return `'${s.replaceAll("'", "''")}'`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    console.log(version());
    return;
  }
  if (!args.input || !args.table || !args.sql) {
    throw new Error('usage: duckdb-run.mjs --input FILE --table NAME --sql SQL');
  }

  const instance = await DuckDBInstance.create(':memory:', { threads: args.threads });
  const connection = await instance.connect();

  const createView =
    `CREATE VIEW "${args.table}" AS ` +
    `SELECT * FROM read_csv(${sqlString(args.input)}, header=true)`;
  const copy = `COPY (${args.sql}) TO '/dev/stdout' (HEADER, DELIMITER ',')`;

  const t0 = performance.now();
  await connection.run(createView);
  const result = await connection.run(copy);
  const t1 = performance.now();

  // COPY reports the number of rows it wrote as its single result value.
  let rows = result.rowsChanged;
  try {
    const r = await result.getRows();
    if (r.length === 1 && r[0].length === 1) rows = Number(r[0][0]);
  } catch {
    /* keep rowsChanged */
  }
  process.stderr.write(`duckdb engine_ms=${(t1 - t0).toFixed(3)} rows=${rows}\n`);
  connection.closeSync();
}

main().catch((err) => {
  process.stderr.write(`duckdb-run: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
