import type { BackendGet } from './backend-client.js';
import { bodyOf, type Outcome } from './outcome.js';
import { safeText } from './terminal-text.js';

export async function queryServices(get: BackendGet): Promise<Outcome> {
  const answer = bodyOf(await get('/api/services'), 'the service list');
  if ('error' in answer) return answer;
  const services = [...((answer.body as { data?: string[] }).data ?? [])].sort();
  const text = services.length
    ? services.map(safeText).join('\n')
    : '(no services have sent spans yet)';
  return { text, json: { services } };
}
