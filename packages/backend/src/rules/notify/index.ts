export type { AlertmanagerNotifier, AlertmanagerNotifierOptions } from './alertmanager-notifier.js';
export { createAlertmanagerNotifier, NOTIFIER_DEFAULTS } from './alertmanager-notifier.js';
export { alertmanagerAlertsUrl } from './alertmanager-url.js';
export type { RetryPolicy } from './send-loop.js';
