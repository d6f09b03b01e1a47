import { seededRandom } from './random.js';

export type Endpoint = 'orders' | 'products';

/** What each endpoint sends; the labels name the endpoints in progress and summaries. */
export const ENDPOINTS: Record<Endpoint, { method: string; path: string; label: string }> = {
  orders: { method: 'POST', path: '/api/orders', label: 'POST /api/orders' },
  products: { method: 'GET', path: '/api/products', label: 'GET /api/products' },
};

/** Orders to product listings in one round, e.g. 1:3. */
export interface Mix {
  orders: number;
  products: number;
}

export interface PlannedRequest {
  endpoint: Endpoint;
  /** JSON body; none for the lab's body-less `curl -X POST`. */
  body?: string;
}

/** demo-app's three widgets, and a small quantity so a long run does not empty the shop. */
const PRODUCT_IDS = [1, 2, 3];
const MAX_QUANTITY = 3;

export interface RequestPlan {
  /** Requests in one round of the mix. */
  roundSize: number;
  /** The next round's requests, in the order to send them. */
  nextRound(): PlannedRequest[];
  /** The next request of the endless sequence of rounds (for the open loop). */
  next(): PlannedRequest;
}

/**
 * Without a seed, every round is the lab's: its orders (with no body, so demo-app picks one unit
 * of a product in stock) and then its product listings. With a seed, the plan chooses each
 * order's product and quantity and shuffles each round, all from the seeded generator, so the
 * same seed sends the same requests in the same order.
 */
export function createRequestPlan(mix: Mix, seed?: number): RequestPlan {
  const random = seed === undefined ? undefined : seededRandom(seed);
  const pick = (n: number) => Math.floor((random?.() ?? 0) * n);

  function order(): PlannedRequest {
    if (!random) return { endpoint: 'orders' };
    const productId = PRODUCT_IDS[pick(PRODUCT_IDS.length)] ?? 1;
    const quantity = 1 + pick(MAX_QUANTITY);
    return { endpoint: 'orders', body: JSON.stringify({ items: [{ productId, quantity }] }) };
  }

  function nextRound(): PlannedRequest[] {
    const round: PlannedRequest[] = [];
    for (let i = 0; i < mix.orders; i += 1) round.push(order());
    for (let i = 0; i < mix.products; i += 1) round.push({ endpoint: 'products' });
    if (random) {
      // Fisher-Yates: every order of the round equally likely.
      for (let i = round.length - 1; i > 0; i -= 1) {
        const j = pick(i + 1);
        [round[i], round[j]] = [round[j] as PlannedRequest, round[i] as PlannedRequest];
      }
    }
    return round;
  }

  let pending: PlannedRequest[] = [];
  return {
    roundSize: mix.orders + mix.products,
    nextRound,
    next() {
      if (pending.length === 0) pending = nextRound().reverse();
      return pending.pop() as PlannedRequest;
    },
  };
}
