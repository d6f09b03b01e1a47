/** How long a child whose launcher is gone gives its graceful stop before it exits anyway. */
export const ORPHAN_STOP_BUDGET_MS = 1500;

/**
 * The launcher sets this for the backend: when the launcher is gone, the services stop at the same
 * moment and still flush their last spans and logs to the backend during this delay.
 */
export const ORPHAN_STOP_DELAY_ENV = 'OTEL_LAB_ORPHAN_STOP_DELAY_MS';
export const BACKEND_ORPHAN_STOP_DELAY_MS = 400;
