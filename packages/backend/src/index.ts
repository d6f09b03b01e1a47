export type { BackendConfig } from './config.js';
export { BACKEND_HELP, parseBackendArgs, parseDuration, parseSize } from './config.js';
