import { formatAlertValue, localTime } from '../../model/alerts/alerts-format.js';
import type { ActiveAlertView } from '../../model/alerts/rules-view.js';
import { explorerPath } from '../../model/metrics/legacy-graph.js';
import { formatAgo } from '../../model/status/status-format.js';
import { LabelList } from './label-list.js';

/** The summary and description first, as Alertmanager's receivers show them, then the rest. */
const LEADING = ['summary', 'description'];

/** The firing and pending alerts, each with its labels, annotations and since when it is active. */
export function ActiveAlerts({ alerts, now }: { alerts: ActiveAlertView[]; now: number }) {
  if (alerts.length === 0) return <p class="notice">No alert is pending or firing.</p>;
  return (
    <table class="active-alerts">
      <thead>
        <tr>
          <th>State</th>
          <th>Alert</th>
          <th>Annotations</th>
          <th>Value</th>
          <th>Active since</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map(({ alert, rule, group }) => {
          const others = Object.entries(alert.annotations ?? {}).filter(
            ([name]) => !LEADING.includes(name),
          );
          return (
            <tr
              key={`${group.file}/${group.name}/${rule.name}/${JSON.stringify(alert.labels)}`}
              class={`alert-row state-${alert.state}`}
            >
              <td>
                <span class={`rule-state state-${alert.state}`}>{alert.state}</span>
              </td>
              <td>
                <a
                  class="alert-name"
                  href={explorerPath(rule.query)}
                  title="open the rule's expression"
                >
                  {alert.labels?.alertname ?? rule.name}
                </a>
                <LabelList labels={alert.labels} skip="alertname" />
              </td>
              <td class="alert-annotations">
                {alert.annotations?.summary && (
                  <div class="alert-summary">{alert.annotations.summary}</div>
                )}
                {alert.annotations?.description && (
                  <div class="alert-description">{alert.annotations.description}</div>
                )}
                {others.map(([name, value]) => (
                  <div key={name} class="alert-annotation">
                    <span class="muted">{name}:</span> {value}
                  </div>
                ))}
              </td>
              <td class="alert-value">{formatAlertValue(alert.value)}</td>
              <td class="alert-since" title={localTime(alert.activeAt)}>
                {formatAgo(alert.activeAt, now)}
                {alert.keepFiringSince && (
                  <div class="muted">kept firing since {formatAgo(alert.keepFiringSince, now)}</div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
