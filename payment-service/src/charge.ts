import { randomBytes } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { HttpError, type Latency, type Logger, withSpan } from '@otel-lab/service-kit';
import { z } from 'zod';
import type { PaymentSettings } from './settings.js';

export const MAX_AMOUNT = 1_000_000;

export const chargeRequestSchema = z.strictObject({
  orderId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  amount: z.number().positive().max(MAX_AMOUNT),
  currency: z.literal('USD').optional(),
});

export type ChargeRequest = z.infer<typeof chargeRequestSchema>;

export interface ChargeResult {
  paymentId: string;
  status: 'approved';
  slow: boolean;
}

export interface ChargeDeps {
  settings: PaymentSettings;
  latency: Latency;
  tracer: Tracer;
  logger: Logger;
  random?: () => number;
}

/** Declined by the issuer: the caller gets 402 and the charge span is an error. */
export class DeclinedError extends HttpError {
  constructor(orderId: string) {
    super(402, `card declined for order ${orderId}`);
  }
}

/**
 * One charge in a `charge` span: 50-200 ms of processing, a share of slow (+500 ms) charges as in
 * the original lab, and configurable failures and declines.
 */
export function createChargeHandler(deps: ChargeDeps) {
  const { settings, latency, tracer, logger } = deps;
  const random = deps.random ?? Math.random;

  return (request: ChargeRequest): Promise<ChargeResult> =>
    withSpan(tracer, 'charge', async (span) => {
      const paymentId = `pay-${randomBytes(6).toString('hex')}`;
      span.setAttributes({
        'payment.id': paymentId,
        'payment.order_id': request.orderId,
        'payment.amount': request.amount,
        'payment.currency': request.currency ?? 'USD',
      });
      await latency.pause(50, 200);
      const slow = random() < settings.slowPaymentRate;
      span.setAttribute('payment.slow', slow);
      if (slow) await latency.pause(500, 500);

      // A failed or declined charge is logged in its span, so its line carries the trace id
      // (the lab's LogQL exercises look for these lines by level).
      const order = { 'payment.id': paymentId, 'payment.order_id': request.orderId };
      if (random() < settings.failureRate) {
        span.setAttribute('payment.status', 'failed');
        logger.error(order, 'charge failed: payment processor unavailable');
        throw new HttpError(503, 'payment processor unavailable');
      }
      if (random() < settings.declineRate) {
        span.setAttribute('payment.status', 'declined');
        logger.warn(order, 'charge declined');
        throw new DeclinedError(request.orderId);
      }
      span.setAttribute('payment.status', 'approved');
      logger.info(order, 'charge approved');
      return { paymentId, status: 'approved', slow };
    });
}
