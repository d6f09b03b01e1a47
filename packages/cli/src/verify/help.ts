import { REQUEST_TIMEOUT_MS } from './http.js';
import { DEFAULTS, MAX_WAIT_MS } from './options.js';
import { POLL_MS } from './wait.js';

export const VERIFY_HELP = `Usage: npm run verify -- [options]

Checks the lab's deliverables against the running lab and prints a checklist with the evidence:
  1. the services run and export telemetry: health, recent scrapes, recent spans
  2. traces with multiple spans: a recent POST /api/orders trace of 5+ spans across demo-app and
     payment-service, one root, every parent in the trace
  3. custom metrics: app_requests_total, app_request_duration_seconds_bucket and
     app_active_requests have data, and the lab's queries answer with data
  4. the dashboard has 4+ panels and every panel's PromQL query answers with data
  5. logs are correlated: a log record of that order trace carries its trace id, found through
     the backend's /api/logs and its Loki API (or the real stack's Loki)
  6. TraceQL (embedded lab): a search from demo-app's process_order to payment-service's charge
     finds that order trace, process_order's p95 is a series, and the slow payments and failed
     charges of docs/lab.md's exercise 6 are shown when there are some
"Recent" is the last 5 minutes. With no data yet, run npm run traffic first. Data comes in steps:
the services export spans every 5 s, the backend scrapes /metrics every 15 s and flushes span
metrics every 15 s, and a rate needs two of either; a check without data yet says how long to
allow, and --wait waits for it.

Where the lab runs:
  --app URL          demo-app (default ${DEFAULTS.app})
  --payment URL      payment-service (default ${DEFAULTS.payment})
  --backend URL      the embedded backend's query port (default ${DEFAULTS.backend}): it answers
                     the Prometheus, Jaeger and log queries

Or the real stack (docker compose), instead of --backend:
  --prometheus URL   Prometheus, e.g. http://localhost:9090 (needs --jaeger)
  --jaeger URL       Jaeger's query API, e.g. http://localhost:16686 (needs --prometheus)
  --loki URL         Loki, for check 5 (the compose file does not publish it on the host)
  --grafana URL      Grafana, e.g. http://admin:PASSWORD@localhost:3000: checks it answers and,
                     with the login, that the dashboard is provisioned; without --loki, check 5
                     asks Loki through Grafana's data source proxy. Without either, check 5 is
                     reported as not checked and does not fail the run

Other options:
  --dashboard FILE   the Grafana dashboard JSON to check (default ${DEFAULTS.dashboard})
  --wait TIME        check again every ${POLL_MS / 1000} s the checks that failed for lack of recent data,
                     until they pass or TIME is up (60s, 2m, or seconds: 90; at most
                     ${MAX_WAIT_MS / 60_000}m), printing on stderr what they wait for. Other failures (a URL
                     that cannot be reached, a broken trace) end the wait at once
  --json             print the report as one JSON object
  -h, --help         show this help

Every request gives up after ${REQUEST_TIMEOUT_MS / 1000} s.

Exit status:
  0  every check passed (a check not checked does not count against it)
  1  a check failed, including when a URL cannot be reached
  2  a bad option, or a --dashboard that cannot be read`;
