import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JaegerTag } from '../query/jaeger/jaeger-tags.js';
import type { JaegerSpan, JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import type { TreeNode } from './collapse-siblings.js';
import { keyAttributes } from './key-attributes.js';
import { MAX_TREE_NODES, traceTree } from './trace-tree.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const T0 = 1_700_000_000_000_000; // µs

/** [spanId, parent or '', service, name, start µs after T0, duration µs, error?, tags] */
type Row = [string, string, string, string, number, number, boolean?, Record<string, unknown>?];

function traceOf(rows: Row[]): JaegerTrace {
  const services = [...new Set(rows.map((row) => row[2]))];
  const spans = rows.map(
    ([id, parent, service, name, start, duration, error, extra = {}]): JaegerSpan => {
      const tags: JaegerTag[] = Object.entries(extra).map(([key, value]) => ({
        key,
        type: typeof value === 'number' ? 'int64' : typeof value === 'boolean' ? 'bool' : 'string',
        value,
      }));
      if (error) tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
      return {
        traceID: TRACE,
        spanID: id.padStart(16, '0'),
        operationName: name,
        references: parent
          ? [{ refType: 'CHILD_OF', traceID: TRACE, spanID: parent.padStart(16, '0') }]
          : [],
        startTime: T0 + start,
        duration,
        tags,
        logs: [],
        processID: `p${services.indexOf(service) + 1}`,
        warnings: null,
      };
    },
  );
  const processes = Object.fromEntries(
    services.map((serviceName, i) => [`p${i + 1}`, { serviceName, tags: [] }]),
  );
  return { traceID: TRACE, spans, processes, warnings: null };
}

/** Each node as `name[xcount][!][*]` (! failed, * slowest), children in parentheses. */
const outline = (nodes: TreeNode[]): string =>
  nodes
    .map((node) => {
      const mark = `${node.count ? `x${node.count}` : ''}${node.error ? '!' : ''}${node.slowest ? '*' : ''}`;
      const below = node.children.length > 0 ? `(${outline(node.children)})` : '';
      return `${node.name}${mark}${below}`;
    })
    .join(' ');

/** The spans the tree says it left out. */
const omitted = (nodes: TreeNode[]): number =>
  nodes.reduce((sum, node) => sum + (node.spansOmitted ?? 0) + omitted(node.children), 0);

const ROOT: Row = ['1', '', 'web', 'GET /order', 0, 100_000];

describe('traceTree', () => {
  const cases: [string, Row[], string][] = [
    ['a lone span is its own slowest path', [ROOT], 'GET /order*'],
    [
      'the slowest path follows the longest child, not the one that ends last',
      [
        ROOT,
        ['2', '1', 'web', 'a', 0, 60_000],
        ['3', '1', 'web', 'b', 10_000, 80_000],
        ['4', '3', 'pay', 'c', 20_000, 5_000],
      ],
      'GET /order*(a b*(c*))',
    ],
    [
      'a short step after the slow one ends last but is not on the slowest path',
      [
        ROOT,
        ['2', '1', 'web', 'payment', 0, 80_000],
        ['3', '1', 'web', 'inventory', 80_000, 10_000],
      ],
      'GET /order*(payment* inventory)',
    ],
    [
      'alike leaf siblings collapse into one node with their count',
      [
        ROOT,
        ...[2, 3, 4, 5].map((i): Row => [String(i), '1', 'db', 'query', i * 1000, 1000]),
        ['9', '1', 'web', 'render', 50_000, 40_000],
      ],
      'GET /order*(queryx4 render*)',
    ],
    [
      'a failed sibling and the slowest stay on their own',
      [
        ROOT,
        ['2', '1', 'db', 'query', 0, 1000],
        ['3', '1', 'db', 'query', 2000, 1000],
        ['4', '1', 'db', 'query', 4000, 1000, true],
        ['5', '1', 'db', 'query', 6000, 90_000],
      ],
      'GET /order*(queryx2 query! query*)',
    ],
    [
      'siblings of another shape below them do not collapse',
      [
        ROOT,
        ['2', '1', 'web', 'step', 0, 1000],
        ['3', '1', 'web', 'step', 2000, 1000],
        ['4', '3', 'db', 'query', 2100, 100],
        ['5', '1', 'web', 'step', 4000, 1000],
        ['6', '5', 'db', 'query', 4100, 100],
        ['7', '1', 'web', 'end', 9000, 91_000],
      ],
      'GET /order*(step stepx2(query) end*)',
    ],
    [
      'a span whose parent is missing is a root beside the trace root',
      [['5', '77', 'pay', 'orphan', 0, 1000], ROOT],
      'GET /order* orphan',
    ],
    [
      'spans that name each other as parents do not loop',
      [ROOT, ['2', '3', 'web', 'x', 0, 10], ['3', '2', 'web', 'y', 5, 10]],
      'GET /order* x(y)',
    ],
    [
      'a span that is its own parent is a root',
      [ROOT, ['2', '2', 'web', 'self', 5, 10]],
      'GET /order* self',
    ],
  ];
  for (const [name, rows, expected] of cases) {
    test(name, () => {
      const tree = traceTree(traceOf(rows));
      assert.equal(outline(tree.tree), expected);
      assert.equal(tree.truncated, false);
      assert.equal(tree.spansShown, rows.length);
    });
  }

  test('says the facts of the trace', () => {
    const tree = traceTree(
      traceOf([ROOT, ['2', '1', 'pay', 'charge', 20_000, 130_000, true, { 'payment.id': 'p-1' }]]),
    );
    assert.deepEqual(
      { ...tree, tree: undefined },
      {
        traceId: TRACE,
        rootService: 'web',
        rootName: 'GET /order',
        start: new Date(T0 / 1000).toISOString(),
        durationMs: 150,
        spanCount: 2,
        errorCount: 1,
        services: ['pay', 'web'],
        nodes: 2,
        spansShown: 2,
        tree: undefined,
        truncated: false,
      },
    );
    const [charge] = tree.tree[0]?.children ?? [];
    assert.deepEqual(
      { ...charge, children: undefined },
      {
        spanId: '0000000000000002',
        service: 'pay',
        name: 'charge',
        startMs: 20,
        durationMs: 130,
        status: 'error',
        attributes: { 'payment.id': 'p-1' },
        error: true,
        slowest: true,
        children: undefined,
      },
    );
  });

  test('a collapsed node has the total and longest duration and the attributes all share', () => {
    const rows: Row[] = [
      ROOT,
      ['2', '1', 'db', 'query', 0, 3000, false, { 'db.system': 'sqlite', 'order.id': 'a' }],
      ['3', '1', 'db', 'query', 5000, 7000, false, { 'db.system': 'sqlite', 'order.id': 'b' }],
      ['4', '1', 'web', 'render', 20_000, 80_000],
    ];
    const [query] = traceTree(traceOf(rows)).tree[0]?.children ?? [];
    assert.equal(query?.count, 2);
    assert.equal(query?.durationMs, 7);
    assert.equal(query?.totalMs, 10);
    assert.deepEqual(query?.attributes, { 'db.system': 'sqlite' });
  });

  // A root with 40 children of 30 distinct spans each: 1,241 spans, one failed deep down.
  const big: Row[] = [ROOT];
  for (let i = 0; i < 40; i++) {
    big.push([`a${i}`, '1', 'web', `step ${i}`, i * 10, 10]);
    for (let j = 0; j < 30; j++) big.push([`b${i}x${j}`, `a${i}`, 'db', `q${j}`, i * 10 + j, 1]);
  }
  big.push(['ee', 'b39x29', 'pay', 'charge', 399, 1, true]);

  test(`a big trace is cut to ${MAX_TREE_NODES} nodes, its top and its error kept`, () => {
    const tree = traceTree(traceOf(big));
    assert.equal(tree.spanCount, big.length);
    assert.equal(tree.nodes, MAX_TREE_NODES);
    assert.equal(tree.truncated, true);
    assert.match(tree.narrow ?? '', /get_spans/);
    assert.equal(tree.tree[0]?.children.length, 40, 'every child of the root is shown');
    assert.match(outline(tree.tree), /charge!/);
    assert.equal(tree.spansShown + omitted(tree.tree), big.length);
  });

  test('a trace nested 20,000 deep is cut without running out of stack', () => {
    const chain: Row[] = Array.from(
      { length: 20_000 },
      (_, i): Row => [`c${i + 1}`, i === 0 ? '' : `c${i}`, 'web', 'nest', i, 20_000 - i],
    );
    const tree = traceTree(traceOf(chain));
    assert.equal(tree.spanCount, 20_000);
    assert.equal(tree.nodes, MAX_TREE_NODES);
    assert.equal(tree.spansShown, MAX_TREE_NODES);
    assert.equal(omitted(tree.tree), 20_000 - MAX_TREE_NODES);
    assert.equal(tree.truncated, true);
  });

  test('a tree of long attributes is cut to the 32 KB cap', () => {
    const long = (i: number) =>
      Object.fromEntries(
        ['http.route', 'order.id', 'payment.id'].map((key) => [key, `${i}${'x'.repeat(300)}`]),
      );
    const rows: Row[] = [
      ROOT,
      ...Array.from(
        { length: 150 },
        (_, i): Row => [`c${i}`, '1', 'web', `n${i}`, i, 1, false, long(i)],
      ),
    ];
    const tree = traceTree(traceOf(rows));
    assert.ok(JSON.stringify(tree).length <= 32 * 1024);
    assert.equal(tree.truncated, true);
    assert.ok(tree.nodes > 10 && tree.nodes < 150);
    assert.equal(tree.tree[0]?.spansOmitted, rows.length - tree.nodes);
  });
});

describe('keyAttributes', () => {
  const rows: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'only the documented keys',
      { 'http.route': '/x', 'net.peer.port': 80, 'otel.scope.name': 's' },
      { 'http.route': '/x' },
    ],
    [
      'rpc.* by prefix, in key order',
      { 'rpc.system': 'grpc', 'rpc.method': 'Get' },
      { 'rpc.method': 'Get', 'rpc.system': 'grpc' },
    ],
    [
      'long values cut to 200 characters',
      { 'order.id': 'y'.repeat(500) },
      { 'order.id': `${'y'.repeat(199)}…` },
    ],
    [
      'at most 8, in the documented order',
      Object.fromEntries(
        [
          'products.count',
          'payment.slow',
          'payment.status',
          'payment.order_id',
          'payment.id',
          'order.id',
          'error.type',
          'db.system',
          'http.route',
          'http.method',
        ].map((key) => [key, 1]),
      ),
      Object.fromEntries(
        [
          'http.method',
          'http.route',
          'db.system',
          'error.type',
          'order.id',
          'payment.id',
          'payment.order_id',
          'payment.status',
        ].map((key) => [key, 1]),
      ),
    ],
  ];
  for (const [name, tags, expected] of rows) {
    test(name, () => {
      const span = traceOf([['1', '', 'web', 'x', 0, 1, false, tags]]).spans[0] as JaegerSpan;
      assert.deepEqual(keyAttributes(span), expected);
    });
  }

  test("an exception event's type", () => {
    const span = traceOf([['1', '', 'web', 'x', 0, 1, true]]).spans[0] as JaegerSpan;
    span.logs.push({
      timestamp: T0,
      fields: [
        { key: 'event', type: 'string', value: 'exception' },
        { key: 'exception.type', type: 'string', value: 'TypeError' },
      ],
    });
    assert.deepEqual(keyAttributes(span), { 'exception.type': 'TypeError' });
  });
});
