import { HttpError } from '@otel-lab/service-kit';

export interface ChargeResult {
  paymentId: string;
  slow: boolean;
}

export interface PaymentClient {
  charge(orderId: string, amountCents: number): Promise<ChargeResult>;
}

/** Below the 4.5 s stop budget, so a hung payment cannot hold a shutdown past it. */
const CHARGE_TIMEOUT_MS = 3_000;

/**
 * Calls payment-service over HTTP with fetch; the undici instrumentation makes the client span and
 * sends the W3C traceparent header, so the charge joins this trace.
 */
export function createPaymentClient(baseUrl: URL): PaymentClient {
  const chargeUrl = new URL('/api/charge', baseUrl);
  return {
    async charge(orderId, amountCents) {
      let response: Response;
      try {
        response = await fetch(chargeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderId, amount: amountCents / 100 }),
          signal: AbortSignal.timeout(CHARGE_TIMEOUT_MS),
        });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'TimeoutError') {
          throw new HttpError(504, `payment service did not answer within ${CHARGE_TIMEOUT_MS} ms`);
        }
        const reason = error instanceof Error ? (error.cause ?? error) : error;
        throw new HttpError(502, `payment service unreachable at ${chargeUrl}: ${String(reason)}`);
      }
      const body = (await response.json().catch(() => ({}))) as {
        paymentId?: string;
        slow?: boolean;
        error?: string;
      };
      if (response.status === 402) {
        throw new HttpError(402, `payment declined: ${body.error ?? 'declined'}`);
      }
      if (!response.ok || typeof body.paymentId !== 'string') {
        throw new HttpError(
          502,
          `payment service failed with ${response.status}: ${body.error ?? 'no reason given'}`,
        );
      }
      return { paymentId: body.paymentId, slow: body.slow === true };
    },
  };
}
