import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { startQueryTestServer } from '../jaeger/fixture-server.js';
import { createTempoApiHandler } from './tempo-api.js';

const T0 = 1_700_000_000_000_000_000n; // ns, 2023-11-14T22:13:20Z
const T0_S = T0 / 1_000_000_000n;
const WINDOW = `start=${T0_S - 60n}&end=${T0_S + 60n}`;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

const span = (id: string, name: string, at: bigint, extra: object = {}) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: id,
  name,
  startTimeUnixNano: String(at),
  endTimeUnixNano: String(at + 1_000_000n),
  ...extra,
});
const resourceSpans = (service: string, spans: unknown[], more: unknown[] = []) => ({
  resource: { attributes: [str('service.name', service), ...more] },
  scopeSpans: [
    { scope: { name: 'lib', version: '1.0', attributes: [str('lib.flavour', 'plain')] }, spans },
  ],
});

const STORED = {
  resourceSpans: [
    resourceSpans(
      'shop',
      [
        span('b7ad6b7169203331', 'GET /orders', T0, {
          kind: 2,
          status: { code: 2, message: 'it broke' },
          attributes: [
            str('http.route', '/orders'),
            { key: 'http.response.status_code', value: { intValue: '500' } },
            { key: 'ratio', value: { doubleValue: 0.5 } },
          ],
        }),
      ],
      [{ key: 'host.cpus', value: { intValue: '8' } }],
    ),
    resourceSpans('payments', [
      span('00f067aa0ba902b7', 'charge', T0 + 10_000_000n, {
        kind: 3,
        parentSpanId: 'b7ad6b7169203331',
        attributes: [
          str('http.route', '/charge'),
          { key: 'payment.slow', value: { boolValue: true } },
        ],
        events: [
          {
            name: 'retry',
            timeUnixNano: String(T0 + 11_000_000n),
            attributes: [{ key: 'attempt', value: { intValue: '2' } }],
          },
          { name: 'charged', timeUnixNano: String(T0 + 12_000_000n) },
        ],
        links: [
          {
            traceId: '11111111111111111111111111111111',
            spanId: '2222222222222222',
            attributes: [str('link.reason', 'batch')],
          },
        ],
      }),
    ]),
    // An hour later: outside WINDOW.
    resourceSpans('batch', [
      span('0000000000000002', 'nightly', T0 + 3_600_000_000_000n, {
        attributes: [str('job', 'cleanup')],
      }),
    ]),
  ],
};

type Json = Record<string, unknown>;

describe('Tempo tag endpoints on the query port', () => {
  let server: Awaited<ReturnType<typeof startQueryTestServer>>;
  const get = async (path: string) => call(server.baseUrl, 'GET', path);
  const json = async (path: string) => {
    const answer = await get(path);
    assert.equal(answer.status, 200, `${path}: ${answer.text}`);
    return answer.json as Json;
  };

  before(async () => {
    server = await startQueryTestServer([STORED], (reader) => createTempoApiHandler(reader));
  });
  after(() => server.close());

  test('/api/search/tags names span and resource attributes of the window', async () => {
    assert.deepEqual(await json(`/api/search/tags?${WINDOW}`), {
      tagNames: [
        'host.cpus',
        'http.response.status_code',
        'http.route',
        'payment.slow',
        'ratio',
        'service.name',
      ],
    });
    const later = await json(`/api/search/tags?start=${T0_S + 3000n}&end=${T0_S + 4000n}`);
    assert.deepEqual(later.tagNames, ['job', 'service.name']);
    // Without start, the hour before end; without end, before now (the fixture is from 2023).
    assert.deepEqual((await json('/api/search/tags')).tagNames, []);
    const hourBefore = await json(`/api/search/tags?end=${T0_S + 3700n}`);
    assert.deepEqual(hourBefore.tagNames, ['job', 'service.name']);
  });

  test('/api/v2/search/tags answers by scope; scope picks one', async () => {
    const all = (await json(`/api/v2/search/tags?${WINDOW}`)).scopes as {
      name: string;
      tags: string[];
    }[];
    assert.deepEqual(
      all.map((scope) => scope.name),
      ['span', 'resource', 'intrinsic', 'event', 'link', 'instrumentation'],
    );
    assert.deepEqual(all[0]?.tags, [
      'http.response.status_code',
      'http.route',
      'payment.slow',
      'ratio',
    ]);
    assert.deepEqual(all[1]?.tags, ['host.cpus', 'service.name']);
    for (const intrinsic of ['duration', 'kind', 'name', 'rootServiceName', 'status', 'trace:id']) {
      assert.ok(all[2]?.tags.includes(intrinsic), intrinsic);
    }
    const resource = await json(`/api/v2/search/tags?${WINDOW}&scope=resource`);
    assert.deepEqual(resource, {
      scopes: [{ name: 'resource', tags: ['host.cpus', 'service.name'] }],
    });
  });

  test('event, link and instrumentation attributes are scopes of their own', async () => {
    const all = (await json(`/api/v2/search/tags?${WINDOW}`)).scopes as Json[];
    assert.deepEqual(
      all.filter((scope) => ['event', 'link', 'instrumentation'].includes(String(scope.name))),
      [
        { name: 'event', tags: ['attempt'] },
        { name: 'link', tags: ['link.reason'] },
        { name: 'instrumentation', tags: ['lib.flavour'] },
      ],
    );
    assert.deepEqual(await json(`/api/v2/search/tags?${WINDOW}&scope=event`), {
      scopes: [{ name: 'event', tags: ['attempt'] }],
    });
    const values = async (name: string) =>
      (await json(`/api/v2/search/tag/${encodeURIComponent(name)}/values?${WINDOW}`)).tagValues;
    assert.deepEqual(await values('event.attempt'), [{ type: 'int', value: '2' }]);
    assert.deepEqual(await values('link.link.reason'), [{ type: 'string', value: 'batch' }]);
    assert.deepEqual(await values('event:name'), [
      { type: 'string', value: 'charged' },
      { type: 'string', value: 'retry' },
    ]);
    assert.deepEqual(await values('instrumentation.lib.flavour'), [
      { type: 'string', value: 'plain' },
    ]);
    assert.deepEqual(await values('event.missing'), []);
  });

  test('v2 tag values carry their types; intrinsics answer as Tempo names them', async () => {
    const cases: [string, Json[]][] = [
      [
        'resource.service.name',
        [
          { type: 'string', value: 'payments' },
          { type: 'string', value: 'shop' },
        ],
      ],
      ['resource.host.cpus', [{ type: 'int', value: '8' }]],
      ['span.http.response.status_code', [{ type: 'int', value: '500' }]],
      ['span.ratio', [{ type: 'float', value: '0.5' }]],
      ['span.payment.slow', [{ type: 'bool', value: 'true' }]],
      [
        '.http.route',
        [
          { type: 'string', value: '/charge' },
          { type: 'string', value: '/orders' },
        ],
      ],
      [
        'name',
        [
          { type: 'string', value: 'GET /orders' },
          { type: 'string', value: 'charge' },
        ],
      ],
      ['rootServiceName', [{ type: 'string', value: 'shop' }]],
      ['statusMessage', [{ type: 'string', value: 'it broke' }]],
      ['status', ['ok', 'error', 'unset'].map((value) => ({ type: 'keyword', value }))],
      ['duration', []],
      ['span.missing', []],
      ['constructor', []],
      ['__proto__', []],
    ];
    for (const [name, values] of cases) {
      const answer = await json(`/api/v2/search/tag/${encodeURIComponent(name)}/values?${WINDOW}`);
      assert.deepEqual(answer.tagValues, values, name);
    }
    const kinds = await json(`/api/v2/search/tag/kind/values?${WINDOW}`);
    assert.ok((kinds.tagValues as Json[]).some((value) => value.value === 'server'));
  });

  test("v1 tag values are text, with Tempo's virtual status.code", async () => {
    assert.deepEqual(await json(`/api/search/tag/service.name/values?${WINDOW}`), {
      tagValues: ['payments', 'shop'],
    });
    assert.deepEqual(await json(`/api/search/tag/http.response.status_code/values?${WINDOW}`), {
      tagValues: ['500'],
    });
    assert.deepEqual((await json(`/api/search/tag/status.code/values?${WINDOW}`)).tagValues, [
      'error',
      'ok',
      'unset',
    ]);
  });

  test('q narrows the values; a query it cannot use is ignored', async () => {
    const route = (q: string) =>
      json(`/api/v2/search/tag/span.http.route/values?${WINDOW}&q=${encodeURIComponent(q)}`);
    const cases: [string, string[]][] = [
      ['{}', ['/charge', '/orders']],
      ['{resource.service.name="shop"}', ['/orders']],
      ['{.service.name="payments" && kind=client}', ['/charge']],
      ['{span.http.response.status_code=500}', ['/orders']],
      ['{status=error && name="GET /orders"}', ['/orders']],
      ['{resource.service.name="nobody"}', []],
      ['{duration > 1s}', ['/charge', '/orders']],
      ['{ not traceql', ['/charge', '/orders']],
    ];
    for (const [q, values] of cases) {
      const answer = await route(q);
      assert.deepEqual(
        (answer.tagValues as Json[]).map((value) => value.value),
        values,
        q,
      );
    }
  });

  test('limit caps names and values', async () => {
    assert.deepEqual((await json(`/api/search/tags?${WINDOW}&limit=2`)).tagNames, [
      'host.cpus',
      'http.response.status_code',
    ]);
    const names = await json(`/api/v2/search/tag/name/values?${WINDOW}&limit=1`);
    assert.deepEqual(names.tagValues, [{ type: 'string', value: 'GET /orders' }]);
  });

  test('bad parameters are 400 in plain text', async () => {
    const cases: [string, RegExp][] = [
      ['/api/search/tags?start=yesterday', /invalid start/],
      [`/api/search/tags?start=${T0_S}&end=${T0_S - 1n}`, /end is before start/],
      [
        `/api/v2/search/tags?start=${T0_S}&end=${T0_S + 168n * 3600n + 1n}`,
        /range specified by start and end exceeds 168h0m0s/,
      ],
      ['/api/search/tags?limit=-3', /invalid limit/],
      ['/api/v2/search/tags?scope=everything', /invalid scope/],
      ['/api/v2/search/tag/%E0%A4%A/values', /invalid tag name/],
    ];
    for (const [path, message] of cases) {
      const answer = await get(path);
      assert.equal(answer.status, 400, path);
      assert.match(answer.text, message, path);
      assert.match(String(answer.headers['content-type']), /^text\/plain/, path);
    }
  });
});
