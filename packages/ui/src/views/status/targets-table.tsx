import {
  formatAgo,
  formatScrapeDuration,
  groupTargets,
  healthClass,
  type ScrapeTarget,
} from '../../model/status/status-format.js';

export interface TargetsAnswer {
  data: { activeTargets: ScrapeTarget[] };
}

/** Scrape targets by pool, as Prometheus's targets page shows them. */
export function TargetsTable({ answer, now }: { answer: TargetsAnswer; now: number }) {
  const pools = groupTargets(answer.data?.activeTargets ?? []);
  if (pools.length === 0)
    return <p class="notice">No scrape targets (set them with --scrape, see the README).</p>;
  return (
    <>
      {pools.map((pool) => (
        <div key={pool.pool} class="target-pool">
          <h3>
            {pool.pool} ({pool.up}/{pool.targets.length} up)
          </h3>
          <table class="targets">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>State</th>
                <th>Labels</th>
                <th>Last scrape</th>
                <th>Scrape duration</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {pool.targets.map((target) => (
                <tr key={target.scrapeUrl}>
                  <td class="target-url">{target.scrapeUrl}</td>
                  <td>
                    <span class={`health ${healthClass(target.health)}`}>
                      {target.health.toUpperCase()}
                    </span>
                  </td>
                  <td>
                    {Object.entries(target.labels ?? {}).map(([key, value]) => (
                      <span key={key} class="label-pill">
                        {key}="{value}"
                      </span>
                    ))}
                  </td>
                  <td>{formatAgo(target.lastScrape, now)}</td>
                  <td>{formatScrapeDuration(target.lastScrapeDuration)}</td>
                  <td class="error">{target.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
