import { readNumber, readPort, readRate } from '@otel-lab/service-kit';

export interface PaymentSettings {
  port: number;
  /** Multiplies the simulated latencies; 0 turns them off. */
  latencyScale: number;
  /** Share of charges that take 500 ms longer, as the original lab's slow payments. */
  slowPaymentRate: number;
  /** Share of charges where the processor fails (503), an error the caller must handle. */
  failureRate: number;
  /** Share of charges the card issuer declines (402). */
  declineRate: number;
}

export function readPaymentSettings(env: NodeJS.ProcessEnv): PaymentSettings {
  return {
    port: readPort(env, 8081),
    latencyScale: readNumber(env, 'LATENCY_SCALE', 1, { min: 0, max: 100 }),
    slowPaymentRate: readRate(env, 'SLOW_PAYMENT_RATE', 0.1),
    failureRate: readRate(env, 'PAYMENT_FAILURE_RATE', 0),
    declineRate: readRate(env, 'PAYMENT_DECLINE_RATE', 0),
  };
}
