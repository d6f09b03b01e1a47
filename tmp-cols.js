const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  const r = await c.runAndReadAll(`select column_name, count(*) segs, sum(count) nrows, string_agg(distinct compression, ',') comp, count(distinct block_id) blocks from pragma_storage_info('spans') group by 1 order by blocks desc`);
  console.table(r.getRowObjects().map(o => Object.fromEntries(Object.entries(o).map(([k,v]) => [k, typeof v === 'bigint' ? Number(v) : v]))));
  const s = await c.runAndReadAll(`select * from pragma_database_size()`);
  console.log(s.getRowObjects());
  const a = await c.runAndReadAll(`select avg(strlen(attributes::varchar)) a, avg(strlen(events::varchar)) e, avg(strlen(resource::varchar)) r, avg(strlen(scope::varchar)) s, avg(strlen(links::varchar)) l from spans`);
  console.log(a.getRowObjects());
})();
