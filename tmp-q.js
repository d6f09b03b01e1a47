const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY', threads: '2' });
  const c = await inst.connect();
  const ev = await c.runAndReadAll(`select events::varchar e, http_route from spans where service='frontend' and http_route is not null limit 2`);
  console.log(ev.getRowObjects());
  const time = async (label, sql) => { const ts=[]; for (let i=0;i<5;i++){const t=performance.now(); const r = await c.runAndReadAll(sql); ts.push(performance.now()-t);} ts.sort((a,b)=>a-b); console.log(label, ts[2].toFixed(1),'ms'); };
  const route = (await c.runAndReadAll(`select http_route from spans where service='frontend' and http_route is not null limit 1`)).getRowObjects()[0].http_route;
  const w = `service='frontend'`;
  await time('no tag top-N', `select trace_id from spans where ${w} order by start_ns desc, trace_id limit 160`);
  await time('route col', `select trace_id from spans where ${w} and http_route='${route}' order by start_ns desc, trace_id limit 160`);
  await time('events contains', `select count(*) from spans where ${w} and contains(events::varchar, '${route}')`);
  await time('events+links contains', `select count(*) from spans where ${w} and (contains(events::varchar, '${route}') or contains(links::varchar, '${route}'))`);
  await time('attributes contains', `select count(*) from spans where ${w} and contains(attributes::varchar, '${route}')`);
})();
