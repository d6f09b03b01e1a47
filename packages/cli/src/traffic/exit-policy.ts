/**
 * Answers the lab produces on purpose, which do not fail a run: 402 when payment-service declines
 * a card (PAYMENT_DECLINE_RATE) and 409 when a product is out of stock. Any other 4xx means the
 * target is not the demo-app these requests are written for.
 */
export const EXPECTED_STATUSES: ReadonlySet<number> = new Set([402, 409]);

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** True for an answer that fails the run: anything but a 2xx or an expected 4xx. */
export const isFailingStatus = (status: number) =>
  !(status >= 200 && status < 300) && !EXPECTED_STATUSES.has(status);
