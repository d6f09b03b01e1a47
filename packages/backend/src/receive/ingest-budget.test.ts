import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createIngestBudget, IngestBudgetError, type Reservation } from './ingest-budget.js';

/** One step of a scenario: admit, reserve, grow, shrink or release the named reservation. */
type Step =
  | { admit: string; expected: number; refused?: true }
  | { reserve: string; bytes: number; refused?: true }
  | { grow: string; to: number; refused?: true }
  | { shrink: string; to: number }
  | { release: string };

const scenarios: { name: string; limit: number; steps: Step[]; held: number; refused: number }[] = [
  {
    name: 'reservations add up to the limit, the next is refused',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 60 },
      { reserve: 'b', bytes: 40 },
      { reserve: 'c', bytes: 1, refused: true },
    ],
    held: 100,
    refused: 1,
  },
  {
    name: 'a release makes room again',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 60 },
      { reserve: 'b', bytes: 60, refused: true },
      { release: 'a' },
      { reserve: 'b', bytes: 60 },
    ],
    held: 60,
    refused: 1,
  },
  {
    name: 'a release twice gives back once',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 30 },
      { reserve: 'b', bytes: 30 },
      { release: 'a' },
      { release: 'a' },
    ],
    held: 30,
    refused: 0,
  },
  {
    name: 'one request larger than the budget is served alone',
    limit: 100,
    steps: [{ reserve: 'a', bytes: 500 }],
    held: 500,
    refused: 0,
  },
  {
    name: 'while it is served, everything else is refused',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 500 },
      { reserve: 'b', bytes: 0, refused: true },
    ],
    held: 500,
    refused: 1,
  },
  {
    name: 'growth within the budget',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 10 },
      { reserve: 'b', bytes: 10 },
      { grow: 'a', to: 90 },
      { grow: 'a', to: 50 },
    ],
    held: 100,
    refused: 0,
  },
  {
    name: 'growth past the budget is refused and changes nothing',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 10 },
      { reserve: 'b', bytes: 50 },
      { grow: 'a', to: 51, refused: true },
    ],
    held: 60,
    refused: 1,
  },
  {
    name: 'a reservation alone grows past the budget',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 10 },
      { grow: 'a', to: 300 },
    ],
    held: 300,
    refused: 0,
  },
  {
    name: 'shrinking gives bytes back; it never grows',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 80 },
      { shrink: 'a', to: 30 },
      { shrink: 'a', to: 90 },
      { reserve: 'b', bytes: 70 },
    ],
    held: 100,
    refused: 0,
  },
  {
    name: 'growth and shrinking after release do nothing',
    limit: 100,
    steps: [
      { reserve: 'a', bytes: 20 },
      { reserve: 'b', bytes: 20 },
      { release: 'a' },
      { grow: 'a', to: 1000 },
      { shrink: 'a', to: 0 },
    ],
    held: 20,
    refused: 0,
  },
  {
    name: 'an admitted request holds nothing until its bytes arrive',
    limit: 100,
    steps: [
      // Expected to need more than the whole budget: admitted, as nothing is held.
      { admit: 'a', expected: 500 },
      { admit: 'b', expected: 80 },
      { grow: 'b', to: 60 },
      { admit: 'c', expected: 50, refused: true },
      { admit: 'c', expected: 40 },
      { grow: 'c', to: 41, refused: true },
    ],
    held: 60,
    refused: 2,
  },
  {
    name: 'fractions round up to whole bytes',
    limit: 10,
    steps: [
      { reserve: 'a', bytes: 4.2 },
      { reserve: 'b', bytes: 5.5, refused: true },
      { reserve: 'b', bytes: 5 },
    ],
    held: 10,
    refused: 1,
  },
];

describe('ingest budget', () => {
  for (const scenario of scenarios) {
    test(scenario.name, () => {
      const budget = createIngestBudget(scenario.limit);
      const reservations = new Map<string, Reservation>();
      for (const step of scenario.steps) {
        const attempt = () => {
          if ('admit' in step) reservations.set(step.admit, budget.admit(step.expected));
          else if ('reserve' in step) reservations.set(step.reserve, budget.reserve(step.bytes));
          else if ('grow' in step) reservations.get(step.grow)?.growTo(step.to);
          else if ('shrink' in step) reservations.get(step.shrink)?.shrinkTo(step.to);
          else reservations.get(step.release)?.release();
        };
        if ('refused' in step) assert.throws(attempt, IngestBudgetError, JSON.stringify(step));
        else attempt();
      }
      assert.equal(budget.heldBytes, scenario.held);
      assert.equal(budget.refusedRequests, scenario.refused);
      assert.equal(
        [...reservations.values()].reduce((sum, r) => sum + r.bytes, 0),
        scenario.held,
        'the reservations add up to what the budget holds',
      );
    });
  }

  test('the refusal says what is held, of what, and that the client may retry', () => {
    const budget = createIngestBudget(256 * 2 ** 20);
    budget.reserve(200 * 2 ** 20);
    assert.throws(
      () => budget.reserve(100 * 2 ** 20),
      /ingest memory budget full: 200 MiB of 256 MiB held by requests in flight, 100 MiB more needed; retry later/,
    );
  });

  test('many requests at once: every byte reserved is given back', async () => {
    const budget = createIngestBudget(1000);
    let admitted = 0;
    let peak = 0;
    const request = async (i: number) => {
      let reservation: Reservation | undefined;
      try {
        reservation = budget.reserve(100 + (i % 7));
        admitted += 1;
        peak = Math.max(peak, budget.heldBytes);
        await new Promise((resolve) => setTimeout(resolve, i % 5));
        reservation.growTo(150);
        peak = Math.max(peak, budget.heldBytes);
        if (i % 3 === 0) throw new Error('decode failed');
      } catch {
        // Refused, or failed after its reservation: either way it ends here.
      } finally {
        reservation?.release();
      }
    };
    await Promise.all(Array.from({ length: 200 }, (_, i) => request(i)));
    assert.equal(budget.heldBytes, 0);
    assert.ok(peak <= 1000, `peak ${peak} within the limit`);
    assert.ok(admitted > 0 && budget.refusedRequests > 0, `${admitted} admitted`);
  });
});
