import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assignLayers,
  decodeMapRange,
  edgeLabel,
  formatMs,
  formatRate,
  formatRatio,
  layoutMap,
  type MapEdge,
  mapQuery,
  serviceSearchLink,
} from './map-layout.js';

const edge = (parent: string, child: string, extra: Partial<MapEdge> = {}): MapEdge => ({
  parent,
  child,
  calls: 10,
  rate: 1,
  errorRatio: 0,
  p50Ms: 5,
  p95Ms: 20,
  ...extra,
});

describe('assignLayers', () => {
  const rows: {
    name: string;
    services: string[];
    edges: [string, string][];
    expected: Record<string, number>;
  }[] = [
    { name: 'no calls', services: ['b', 'a'], edges: [], expected: { a: 0, b: 0 } },
    {
      name: 'a chain',
      services: ['demo-app', 'payment-service', 'db'],
      edges: [
        ['demo-app', 'payment-service'],
        ['payment-service', 'db'],
      ],
      expected: { 'demo-app': 0, 'payment-service': 1, db: 2 },
    },
    {
      name: 'the longest path decides',
      services: ['a', 'b', 'c'],
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
      ],
      expected: { a: 0, b: 1, c: 2 },
    },
    {
      name: 'a cycle is broken, its entry stays left',
      services: ['a', 'b', 'c'],
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
      ],
      expected: { a: 0, b: 1, c: 2 },
    },
    {
      name: 'a cycle with no entry',
      services: ['x', 'y'],
      edges: [
        ['x', 'y'],
        ['y', 'x'],
      ],
      expected: { x: 0, y: 1 },
    },
    { name: 'self calls stay put', services: ['a'], edges: [['a', 'a']], expected: { a: 0 } },
    {
      name: 'services only in edges are placed',
      services: [],
      edges: [['p', 'q']],
      expected: { p: 0, q: 1 },
    },
  ];
  for (const row of rows) {
    test(row.name, () =>
      assert.deepEqual(
        Object.fromEntries(
          assignLayers(
            row.services,
            row.edges.map(([p, c]) => edge(p, c)),
          ),
        ),
        row.expected,
      ),
    );
  }
});

describe('layoutMap', () => {
  test('callers left of callees, edges from right side to left side', () => {
    const layout = layoutMap(
      [
        { service: 'payment-service', spans: 5, errors: 1 },
        { service: 'demo-app', spans: 9, errors: 0 },
      ],
      [edge('demo-app', 'payment-service')],
    );
    const [demo, payment] = ['demo-app', 'payment-service'].map(
      (s) => layout.nodes.find((n) => n.service === s) as (typeof layout.nodes)[number],
    );
    assert.ok(demo && payment && demo.x < payment.x);
    assert.equal(layout.edges.length, 1);
    assert.equal(layout.edges[0]?.back, false);
    assert.match(layout.edges[0]?.path ?? '', /^M 190 42 C/);
    assert.ok(layout.width >= (payment?.x ?? 0) + 170);
  });
  test('a back edge loops below', () => {
    const layout = layoutMap([], [edge('a', 'b'), edge('b', 'a')]);
    assert.deepEqual(
      layout.edges.map((e) => e.back),
      [false, true],
    );
  });
  test('empty', () => assert.deepEqual(layoutMap([], []).nodes, []));
});

describe('formatting', () => {
  const rows = [
    { got: formatRate(0), expected: '0/s' },
    { got: formatRate(2.345), expected: '2.35/s' },
    { got: formatRate(0.005), expected: '0.3/min' },
    { got: formatRatio(0), expected: '0%' },
    { got: formatRatio(0.125), expected: '12.5%' },
    { got: formatRatio(0.0005), expected: '<0.1%' },
    { got: formatRatio(1), expected: '100%' },
    { got: formatMs(0.5), expected: '500µs' },
    { got: formatMs(42.44), expected: '42.4ms' },
    { got: formatMs(1500), expected: '1.5s' },
    { got: formatMs(Number.NaN), expected: '–' },
    {
      got: edgeLabel({ rate: 1, errorRatio: 0.5, p95Ms: 20 }),
      expected: '1/s · 50% err · p95 20ms',
    },
    { got: serviceSearchLink('a&b', '1h'), expected: '/search?service=a%26b&lookback=1h' },
    { got: decodeMapRange(new URLSearchParams('range=1h')), expected: '1h' },
    { got: decodeMapRange(new URLSearchParams('range=1y')), expected: '15m' },
    { got: mapQuery('5m', 1_000_000).toString(), expected: 'start=700000&end=1000000' },
  ];
  rows.forEach((row, i) => {
    test(`${i}: ${row.expected}`, () => assert.equal(row.got, row.expected));
  });
});
