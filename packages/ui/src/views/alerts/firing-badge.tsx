import { ApiError } from '../../api/client.js';
import { fetchAlerts } from '../../api/rules-api.js';
import { countFiring } from '../../model/alerts/rules-view.js';
import { usePolling } from './use-polling.js';
import './alerts.css';

const POLL_MS = 15_000;

/** A backend without the rules API answers 404: no badge, no error, no more polls. */
const absent = (error: Error) => error instanceof ApiError && error.status === 404;

/**
 * How many alerts fire, beside the nav's Alerts link: hidden at 0 and whenever the count is not
 * known (the API absent or failing), which the Alerts page itself explains.
 */
export function FiringBadge() {
  const polled = usePolling(fetchAlerts, { intervalMs: POLL_MS, stopOn: absent });
  const firing = polled.error || !polled.data ? 0 : countFiring(polled.data);
  if (firing === 0) return null;
  return (
    <span class="firing-badge" title={`${firing} alert${firing === 1 ? '' : 's'} firing`}>
      {firing}
    </span>
  );
}
