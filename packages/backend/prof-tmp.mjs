import { DuckDBInstance } from '@duckdb/node-api';
import { createReaderPool } from './dist/storage/reader-pool.js';
import { createTraceReader } from './dist/query/jaeger/trace-reader.js';
import { searchTraces } from './dist/query/tempo/search/trace-search.js';
import { searchAnswerJson } from './dist/query/tempo/search/search-answer.js';
import { parseTraceql, evaluateTrace } from '@otel-lab/traceql';
const inst = await DuckDBInstance.create('/tmp/tqlprof/data/telemetry.duckdb', { access_mode: 'READ_ONLY' });
const pool = createReaderPool(async () => await inst.connect(), 4);
const reader = createTraceReader(pool);
const c = await inst.connect();
const mx = BigInt((await c.runAndReadAll('SELECT max(start_ns) AS mx FROM spans')).getRowObjects()[0].mx);
for (const q of process.argv.slice(2)) {
  const ms = [];
  for (let i = 0; i < 100; i++) {
    const a = performance.now();
    const r = await searchTraces({ pool, reader, evaluate: evaluateTrace }, { query: parseTraceql(q), startNs: mx - 7200n*1_000_000_000n, endNs: mx, limit: 20, deadlineMs: Date.now() + 30000 });
    JSON.stringify(searchAnswerJson(r, 3, false));
    ms.push(performance.now() - a);
  }
  ms.sort((a,b)=>a-b); console.log(q, 'p50', ms[50].toFixed(1), 'p95', ms[95].toFixed(1));
}
