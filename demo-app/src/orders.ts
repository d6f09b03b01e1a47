import { randomBytes } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { HttpError, type Latency, type Logger, withSpan } from '@otel-lab/service-kit';
import { z } from 'zod';
import type { PaymentClient } from './payment-client.js';
import { type OrderLine, OutOfStockError, type ShopStore } from './store.js';

export const MAX_ITEMS_PER_ORDER = 20;
export const MAX_QUANTITY_PER_ITEM = 1000;

export const orderRequestSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: z.number().int().positive(),
        quantity: z.number().int().positive().max(MAX_QUANTITY_PER_ITEM),
      }),
    )
    .min(1)
    .max(MAX_ITEMS_PER_ORDER),
});

export type OrderRequest = z.infer<typeof orderRequestSchema>;

export interface PlacedOrder {
  id: string;
  paymentId: string;
  totalCents: number;
  lines: OrderLine[];
}

export interface OrderServiceDeps {
  store: ShopStore;
  payments: PaymentClient;
  latency: Latency;
  tracer: Tracer;
  logger: Logger;
  random?: () => number;
}

export function newOrderId(): string {
  return `order-${randomBytes(5).toString('hex')}`;
}

/**
 * The lab's order workflow, span for span: process_order, then validate_order, process_payment
 * (a real call to payment-service) and update_inventory, each with the original's latencies.
 */
export function createOrderService(deps: OrderServiceDeps) {
  const { store, payments, latency, tracer, logger } = deps;
  const random = deps.random ?? Math.random;

  /** Runs a stock operation, turning "not enough stock" into the client's 409. */
  function withStock<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (error instanceof OutOfStockError) throw new HttpError(409, error.message);
      throw error;
    }
  }

  /** An order with no body is the lab's `curl -X POST`: one unit of a product in stock. */
  function defaultLines(): OrderLine[] {
    const inStock = store.listProducts().filter((product) => store.available(product) > 0);
    const product = inStock[Math.floor(random() * inStock.length)];
    if (!product) throw new HttpError(409, 'every product is out of stock');
    return [{ productId: product.id, quantity: 1, priceCents: product.priceCents }];
  }

  function linesOf(request: OrderRequest): OrderLine[] {
    const seen = new Set<number>();
    return request.items.map(({ productId, quantity }) => {
      if (seen.has(productId)) {
        throw new HttpError(400, `invalid order: product ${productId} is listed twice`);
      }
      seen.add(productId);
      const product = store.getProduct(productId);
      if (!product) throw new HttpError(422, `unknown product ${productId}`);
      return { productId, quantity, priceCents: product.priceCents };
    });
  }

  /**
   * The original lab logs "Order creation failed" at error; here a failure of ours or of
   * payment-service (5xx) is an error, a declined card or missing stock (4xx) a warning.
   */
  function logFailure(id: string, error: unknown): void {
    const status = error instanceof HttpError ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    const fields = { 'order.id': id, 'http.response.status_code': status };
    if (status >= 500) logger.error(fields, `order creation failed: ${message}`);
    else logger.warn(fields, `order creation failed: ${message}`);
  }

  async function place(request: OrderRequest | undefined): Promise<PlacedOrder> {
    const id = newOrderId();
    return withSpan(tracer, 'process_order', async (span) => {
      span.setAttribute('order.id', id);

      // validate_order holds the stock until the order is stored or has failed, so a payment is
      // never taken for units another order already has.
      const { lines, release } = await withSpan(tracer, 'validate_order', async (validate) => {
        await latency.pause(10, 50);
        const resolved = request ? linesOf(request) : defaultLines();
        validate.setAttribute('order.item_count', resolved.length);
        return { lines: resolved, release: withStock(() => store.reserve(resolved)) };
      });
      try {
        const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);
        span.setAttribute('order.total', totalCents / 100);

        const payment = await withSpan(tracer, 'process_payment', async (paymentSpan) => {
          const startedAt = performance.now();
          try {
            const result = await payments.charge(id, totalCents);
            paymentSpan.setAttribute('payment.slow', result.slow);
            paymentSpan.setAttribute('payment.id', result.paymentId);
            return result;
          } finally {
            paymentSpan.setAttribute('payment.duration_ms', performance.now() - startedAt);
          }
        });

        await withSpan(tracer, 'update_inventory', async () => {
          await latency.pause(20, 80);
          withStock(() =>
            store.placeOrder({ id, paymentId: payment.paymentId, totalCents, lines }),
          );
        });
        logger.info({ 'order.id': id, 'order.total': totalCents / 100 }, 'order created');
        return { id, paymentId: payment.paymentId, totalCents, lines };
      } catch (error) {
        logFailure(id, error);
        throw error;
      } finally {
        release();
      }
    });
  }

  return { place };
}

export type OrderService = ReturnType<typeof createOrderService>;
