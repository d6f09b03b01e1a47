import type { PromAlert, RulesData } from '../model/alerts/rules-types.js';
import { getJson } from './client.js';

/** Prometheus's envelope; errors arrive as non-2xx answers, which getJson turns into ApiError. */
interface PromEnvelope<T> {
  status: 'success' | 'error';
  data: T;
}

/** Every rule group, alerts included: GET /api/v1/rules. */
export async function fetchRules(signal?: AbortSignal): Promise<RulesData> {
  const answer = await getJson<PromEnvelope<RulesData | null>>('/api/v1/rules', signal);
  return { groups: answer.data?.groups ?? [] };
}

/** The pending and firing alerts: GET /api/v1/alerts. */
export async function fetchAlerts(signal?: AbortSignal): Promise<PromAlert[]> {
  const answer = await getJson<PromEnvelope<{ alerts: PromAlert[] | null } | null>>(
    '/api/v1/alerts',
    signal,
  );
  return answer.data?.alerts ?? [];
}
