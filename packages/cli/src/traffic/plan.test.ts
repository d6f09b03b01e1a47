import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequestPlan, type PlannedRequest } from './plan.js';

const take = (n: number, next: () => PlannedRequest) => Array.from({ length: n }, next);
const kinds = (requests: PlannedRequest[]) =>
  requests.map((request) => (request.endpoint === 'orders' ? 'O' : 'P')).join('');

test("without a seed, each round is the lab's: body-less orders first, then the listings", () => {
  const plan = createRequestPlan({ orders: 1, products: 1 });
  assert.deepEqual(plan.nextRound(), [{ endpoint: 'orders' }, { endpoint: 'products' }]);
  assert.equal(kinds(take(6, plan.next)), 'OPOPOP');
  assert.equal(kinds(take(8, createRequestPlan({ orders: 1, products: 3 }).next)), 'OPPPOPPP');
});

test('the same seed sends the same requests in the same order', () => {
  const first = take(200, createRequestPlan({ orders: 2, products: 3 }, 42).next);
  const second = take(200, createRequestPlan({ orders: 2, products: 3 }, 42).next);
  assert.deepEqual(first, second);
  const other = take(200, createRequestPlan({ orders: 2, products: 3 }, 43).next);
  assert.notDeepEqual(first, other);
});

test('a seeded round keeps the mix exactly and shuffles it', () => {
  const plan = createRequestPlan({ orders: 1, products: 3 }, 7);
  const orders = new Set<string>();
  for (let i = 0; i < 50; i += 1) {
    const round = kinds(plan.nextRound());
    assert.equal([...round].filter((kind) => kind === 'O').length, 1);
    assert.equal(round.length, 4);
    orders.add(round);
  }
  assert.ok(orders.size > 1, 'rounds are not all in the same order');
});

test('seeded orders carry a valid body: one of the three widgets, 1 to 3 units', () => {
  const plan = createRequestPlan({ orders: 1, products: 0 }, 1);
  const seen = new Set<number>();
  for (const request of take(300, plan.next)) {
    assert.equal(request.endpoint, 'orders');
    const body = JSON.parse(request.body ?? '');
    assert.equal(body.items.length, 1);
    const [{ productId, quantity }] = body.items;
    assert.ok([1, 2, 3].includes(productId), String(productId));
    assert.ok(quantity >= 1 && quantity <= 3, String(quantity));
    seen.add(productId);
  }
  assert.equal(seen.size, 3, 'every product is chosen');
});
