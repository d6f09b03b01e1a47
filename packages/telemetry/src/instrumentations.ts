import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/** The path as Express matches it: no query, case-insensitive, trailing slash ignored. */
export function routePathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  const path = (query === -1 ? raw : raw.slice(0, query)).toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * Only what the services use, instead of the all-in-one bundle: every loaded instrumentation costs
 * throughput, and the bundle would also probe cloud metadata endpoints.
 */
export function createInstrumentations(untracedPaths: ReadonlySet<string>) {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) =>
        untracedPaths.has(routePathOf(request.url)),
      // Outgoing calls go through fetch (undici); node:http clients here are only the OTLP exporters.
      disableOutgoingRequestInstrumentation: true,
    }),
    // Express names the server span after the route ("POST /api/orders") and sets http.route.
    // Its per-layer spans are left out so the trace reads as the lab's: server span, then the
    // custom spans.
    new ExpressInstrumentation({
      ignoreLayersType: [
        ExpressLayerType.MIDDLEWARE,
        ExpressLayerType.ROUTER,
        ExpressLayerType.REQUEST_HANDLER,
      ],
    }),
    new UndiciInstrumentation(),
    new PinoInstrumentation(),
    // The library default (10 ms) for the event-loop delay histogram: at 5000 ms it took one sample
    // per 5 s, too few for its percentiles to mean anything, and it saved no measurable CPU.
    new RuntimeNodeInstrumentation(),
  ];
}
