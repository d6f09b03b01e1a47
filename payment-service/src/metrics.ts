import { metrics } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS } from '@otel-lab/service-kit';

export type ChargeOutcome = 'approved' | 'declined' | 'failed' | 'rejected';

/** payment-service's own metrics: charges by outcome and how long they took. */
export function createPaymentMetrics() {
  const meter = metrics.getMeter('payment-service');
  const charges = meter.createCounter('payment_charges_total', {
    description: 'Charges handled, by outcome',
    unit: '1',
  });
  const duration = meter.createHistogram('payment_charge_duration_seconds', {
    description: 'Time to handle a charge in seconds',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
  });
  return {
    record(outcome: ChargeOutcome, seconds: number): void {
      charges.add(1, { outcome });
      duration.record(seconds, { outcome });
    },
  };
}

export type PaymentMetrics = ReturnType<typeof createPaymentMetrics>;
