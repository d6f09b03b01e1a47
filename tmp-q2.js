const { DuckDBInstance } = require('@duckdb/node-api');
const { createTraceReader } = require('./packages/backend/dist/query/jaeger/trace-reader.js');
(async () => {
  const inst = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY', threads: '2' });
  const c = await inst.connect();
  const reader = createTraceReader(c);
  const search = (tags) => ({ service: 'frontend', operation: '', startMinNs: 0n, startMaxNs: 2n**62n, durationMinNs: 0n, durationMaxNs: 0n, tags, limit: 20 });
  const time = async (label, fn) => { const ts=[]; for (let i=0;i<7;i++){const t=performance.now(); await fn(); ts.push(performance.now()-t);} ts.sort((a,b)=>a-b); console.log(label, 'median', ts[3].toFixed(1),'ms'); };
  await time('no tag', () => reader.findTraceIds(search([])));
  await time('http.route tag', () => reader.findTraceIds(search([['http.route', '/api/products/{id}']])));
  await time('http.method tag (json)', () => reader.findTraceIds(search([['http.method', 'POST']])));
  await time('message tag (events)', () => reader.findTraceIds(search([['message', 'handled /api/products/{id}']])));
  const ids = await reader.findTraceIds(search([]));
  await time('read 20 traces', () => reader.readTraces(ids));
})();
