import { createBackendGet } from './backend-client.js';
import { queryLogs } from './logs.js';
import { queryNativeLogs } from './native-logs.js';
import type { QueryOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { queryPromql } from './promql.js';
import { queryServices } from './services.js';
import { queryTrace } from './trace-waterfall.js';
import { queryTraces } from './traces.js';

/** Runs one subcommand against the backend the options name. */
export function runQuery(options: QueryOptions): Promise<Outcome> {
  const get = createBackendGet(options.backend, options.token);
  switch (options.command) {
    case 'services':
      return queryServices(get);
    case 'promql':
      return queryPromql(get, options);
    case 'traces':
      return queryTraces(get, options);
    case 'trace':
      return queryTrace(get, options);
    case 'logs':
      return options.argument ? queryLogs(get, options) : queryNativeLogs(get, options);
  }
}
