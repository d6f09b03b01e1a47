import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTraceReader } from '../../jaeger/trace-reader.js';
import {
  CHARGE_SPAN_ID,
  FILTER_FIXTURE,
  TRACE_NIGHTLY,
  TRACE_ORDERS,
} from './filter-fixture.test-support.js';
import { openTestStore } from './test-store.test-support.js';
import { createSpanConverter, traceqlTrace } from './traceql-trace.js';

describe('traceqlTrace: stored spans as the evaluator reads them', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  const read = async (traceId: string) => {
    const reader = createTraceReader(opened.store.reader);
    const id = BigInt(`0x${traceId}`);
    return traceqlTrace(id, await reader.readTraces([id]), createSpanConverter());
  };
  before(async () => {
    opened = await openTestStore([FILTER_FIXTURE]);
  });
  after(() => opened.close());

  test('ids, names, kinds, statuses and times; spans in start order', async () => {
    const trace = await read(TRACE_ORDERS);
    assert.equal(trace.traceId, TRACE_ORDERS);
    assert.deepEqual(
      trace.spans.map((s) => [s.spanId, s.parentSpanId, s.name, s.kind, s.status, s.statusMessage]),
      [
        ['b7ad6b7169203331', '', 'GET /orders', 'server', 'error', 'it broke'],
        [CHARGE_SPAN_ID, 'b7ad6b7169203331', 'charge', 'client', 'unset', ''],
      ],
    );
    assert.equal(trace.spans[1]?.durationNs, 5_000_000n);
    assert.equal(trace.spans[1]?.startNs, 1_700_000_000_010_000_000n);
  });

  test('attribute values keep their types; the resource and scope come along', async () => {
    const [get, charge] = (await read(TRACE_ORDERS)).spans;
    assert.deepEqual(get?.attributes.get('http.response.status_code'), { type: 'int', value: 500 });
    assert.deepEqual(get?.attributes.get('ratio'), { type: 'float', value: 0.5 });
    assert.deepEqual(get?.attributes.get('flag'), { type: 'bool', value: true });
    assert.deepEqual(charge?.attributes.get('ratio'), { type: 'float', value: 2 });
    assert.deepEqual(charge?.attributes.get('list'), {
      type: 'array',
      values: [
        { type: 'string', value: 'x' },
        { type: 'string', value: 'y' },
      ],
    });
    assert.deepEqual(get?.resource.get('service.name'), { type: 'string', value: 'shop' });
    assert.deepEqual(get?.resource.get('cpus'), { type: 'int', value: 8 });
    assert.equal(get?.scope.name, 'lib');
    assert.equal(get?.scope.version, '1.0');
  });

  test('bytes are their base64 text', async () => {
    const [nightly] = (await read(TRACE_NIGHTLY)).spans;
    assert.deepEqual(nightly?.attributes.get('blob'), { type: 'string', value: 'AAEC' });
  });
});
