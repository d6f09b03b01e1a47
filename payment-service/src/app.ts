import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  errorResponder,
  HttpError,
  jsonBody,
  type Logger,
  notFound,
  parseBody,
  standardRoutes,
} from '@otel-lab/service-kit';
import express from 'express';
import { type ChargeRequest, type ChargeResult, chargeRequestSchema } from './charge.js';
import type { ChargeOutcome, PaymentMetrics } from './metrics.js';

export interface PaymentAppDeps {
  charge: (request: ChargeRequest) => Promise<ChargeResult>;
  metrics: PaymentMetrics;
  logger: Logger;
  serveMetrics: (request: IncomingMessage, response: ServerResponse) => void;
}

function outcomeOf(status: number): ChargeOutcome {
  if (status < 400) return 'approved';
  if (status === 402) return 'declined';
  return status >= 500 ? 'failed' : 'rejected';
}

export function createPaymentApp(deps: PaymentAppDeps) {
  const app = express();
  app.disable('x-powered-by');

  app.use(standardRoutes(deps.serveMetrics));

  app.post(
    '/api/charge',
    (_request, response, next) => {
      const startedAt = performance.now();
      response.once('close', () =>
        deps.metrics.record(outcomeOf(response.statusCode), (performance.now() - startedAt) / 1000),
      );
      next();
    },
    ...jsonBody(),
    async (request, response) => {
      if (request.body === undefined)
        throw new HttpError(400, 'invalid charge: a JSON body is required');
      const result = await deps.charge(parseBody(chargeRequestSchema, request.body, 'charge'));
      response.json(result);
    },
  );

  app.use(notFound());
  app.use(errorResponder(deps.logger));
  return app;
}
