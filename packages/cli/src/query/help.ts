import { DEFAULT_BACKEND, MAX_LIMIT, type Subcommand } from './options.js';

const COMMON = `Common options:
  --backend URL   the embedded backend's query port (default ${DEFAULT_BACKEND}); the token in
                  OTEL_LAB_TOKEN is sent when set (a backend bound beyond loopback asks for it)
  --json          the answer as one JSON document, for machines
  -h, --help      this help`;

export const QUERY_HELP: Record<Subcommand | 'query', string> = {
  query: `Usage: npm run query -- <subcommand> [argument] [options]

Asks the running lab's backend, as logcli, promtool query and tempo-cli do for their stores:
  services                 the services that sent spans
  promql QUERY             a PromQL query: a table, or with --range a small chart per series
  traces --service NAME    recent traces of a service, one line each
  trace ID                 one trace as a waterfall
  logs [QUERY]             a LogQL query through the Loki API, or the native log filters
npm run query -- SUBCOMMAND --help says more. Exit codes: 0 answered, 1 the backend could not
be reached or refused the query, 2 bad arguments.

${COMMON}`,
  services: `Usage: npm run query -- services [options]

Lists the services that sent spans (the Jaeger API's /api/services).

${COMMON}`,
  promql: `Usage: npm run query -- promql QUERY [--range 1h] [--step 30s] [options]

Runs a PromQL query through the Prometheus API. Without --range, an instant query now, printed as
a table of series and values. With --range, a range query over that long up to now (the step
defaults to a 60th of the range), printed as one line per series: a chart of its values, the
minimum, maximum and last value. A bad query prints the backend's message with its position.

  --range DURATION   query the last DURATION (30s, 15m, 1h)
  --step DURATION    the range query's step

${COMMON}`,
  traces: `Usage: npm run query -- traces --service NAME [--operation X] [--errors] [--limit N] [--since 15m] [options]

Lists recent traces that have a span of the service, newest first: trace id, start time, root
span, duration, spans and errors (the Jaeger API's trace search).

  --service NAME       the service (required; npm run query -- services lists them)
  --operation NAME     only traces with a span of this name in the service
  --errors             only traces with a failed span in the service
  --limit N            at most N traces (default 20, at most ${MAX_LIMIT})
  --since DURATION     how far back to look (default 15m)

${COMMON}`,
  trace: `Usage: npm run query -- trace ID [options]

Prints one trace as a waterfall: each span indented under its parent, with its service, name,
duration and a bar placed on the trace's time line; failed spans are marked with !.

${COMMON}`,
  logs: `Usage: npm run query -- logs [QUERY] [--limit N] [--since 15m] [options]
       npm run query -- logs [--service NAME] [--text WORDS] [--severity LEVEL] [--trace ID] [options]

With a QUERY, runs LogQL through the Loki API, such as '{service_name="demo-app"} |= "order"'.
Without one, searches with the native filters of /api/logs. Prints the matching lines newest
first: time, service, line. Control characters in log lines are printed escaped (\\x1b), never
sent to the terminal.

  --service NAME       only this service's records
  --text WORDS         only records whose body contains WORDS (any case)
  --severity LEVEL     only records this severe or more: TRACE, DEBUG, INFO, WARN, ERROR, FATAL or 0-24
  --trace ID           only the records of this trace
  --limit N            at most N lines (default 50, at most ${MAX_LIMIT})
  --since DURATION     how far back to look (default 15m)

${COMMON}`,
};
