import { REQUEST_TIMEOUT_MS } from './http-client.js';
import { DEFAULTS } from './options.js';
import { STOP_GRACE_MS } from './stop-signals.js';

export const TRAFFIC_HELP = `Usage: npm run traffic -- [options]

Sends the lab's traffic to demo-app, shows progress, and prints a summary: requests, errors by
status, throughput, and latency p50, p95, p99 and max per endpoint. With no options it is the
original lab's loop: ${DEFAULTS.iterations} rounds of POST /api/orders then GET /api/products, ${DEFAULTS.pauseMs / 1000} s apart,
against ${DEFAULTS.target}. Start the lab first (npm start).

Options:
  --target URL       demo-app's base URL (default ${DEFAULTS.target})
  --iterations N     rounds of the mix to send (default ${DEFAULTS.iterations})
  --duration TIME    send for this long instead of a number of rounds: 30s, 5m, 1h, 500ms
  --pause TIME       wait after each round of the closed loop (default ${DEFAULTS.pauseMs / 1000}s)
  --rate R           open loop: start R requests per second on a fixed schedule, whether or not
                     earlier ones have answered. Latency counts from each request's scheduled
                     start, so a slow server cannot hide its delays (no coordinated omission)
  --concurrency N    most requests in flight (default ${DEFAULTS.closedConcurrency}, ${DEFAULTS.openConcurrency} with --rate). Without --rate, N
                     loops run side by side; with it, a request due while N are in flight waits
                     for one to finish and is counted as a late start
  --mix O:P          orders to product listings in each round (default ${DEFAULTS.mix}), e.g. 1:3
  --seed N           choose each order's product and quantity and shuffle each round from a
                     generator seeded with N, so a run can be repeated exactly. Without it the
                     requests are the lab's: orders without a body (demo-app picks one unit of
                     a product in stock), then the product listings
  --json             print the summary as one JSON object on stdout
  -h, --help         show this help

--iterations and --duration exclude each other, and so do --pause and --rate.

Progress goes to stderr: a bar on a terminal, a line every 10 % otherwise. Ctrl-C stops sending,
waits up to ${STOP_GRACE_MS / 1000} s for the requests in flight (a second Ctrl-C abandons them at once) and
still prints the summary. A request without an answer within ${REQUEST_TIMEOUT_MS / 1000} s fails as a timeout.

Exit status:
  0  every request was answered with a 2xx or with an answer the lab expects: 402 (payment
     declined, PAYMENT_DECLINE_RATE) or 409 (out of stock)
  1  the target could not be reached, or a request failed: a 5xx, another 4xx (the target is
     not the demo-app this expects), a network error or a timeout
  2  a bad option`;
