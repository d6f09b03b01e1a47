/**
 * The windows the logs view and the service map offer, ending now, in ms (the backend's APIs
 * allow at most 7 days).
 */
export const WINDOWS_MS: Record<string, number> = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
};
