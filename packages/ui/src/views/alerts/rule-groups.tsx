import { formatEvaluationTime, localTime } from '../../model/alerts/alerts-format.js';
import type { PromRule, RuleGroup } from '../../model/alerts/rules-types.js';
import type { FileView } from '../../model/alerts/rules-view.js';
import { explorerPath } from '../../model/metrics/legacy-graph.js';
import { formatRange } from '../../model/metrics/range.js';
import { formatAgo } from '../../model/status/status-format.js';
import { LabelList } from './label-list.js';

/** Rules by file, then group, as the rule files hold them. */
export function RuleGroups({ files, now }: { files: FileView[]; now: number }) {
  return (
    <>
      {files.map(({ file, groups }) => (
        <section key={file} class="rule-file">
          <h3 class="rule-file-name">{file}</h3>
          {groups.map(({ group, rules }) => (
            <div key={group.name} class="rule-group">
              <GroupHeader group={group} now={now} />
              <table class="rules">
                <thead>
                  <tr>
                    <th>Rule</th>
                    <th>State</th>
                    <th>Health</th>
                    <th>Last evaluation</th>
                    <th>Took</th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((rule) => (
                    <RuleRow
                      key={`${rule.type}/${rule.name}/${rule.query}`}
                      rule={rule}
                      now={now}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

function GroupHeader({ group, now }: { group: RuleGroup; now: number }) {
  return (
    <h4 class="rule-group-header">
      <span class="rule-group-name">{group.name}</span>
      <span class="muted">
        every {formatRange(group.interval)} · last evaluation{' '}
        <span title={localTime(group.lastEvaluation)}>{formatAgo(group.lastEvaluation, now)}</span>{' '}
        · took {formatEvaluationTime(group.evaluationTime)}
        {group.limit ? ` · limit ${group.limit}` : ''}
      </span>
    </h4>
  );
}

function RuleRow({ rule, now }: { rule: PromRule; now: number }) {
  const alerting = rule.type === 'alerting';
  const alertCount = alerting ? (rule.alerts?.length ?? 0) : 0;
  return (
    <tr class={`rule-row rule-${rule.type}`}>
      <td class="rule-main">
        <div>
          <span class="rule-type">{alerting ? 'alert' : 'record'}</span>{' '}
          {alerting ? (
            <span class="rule-name">{rule.name}</span>
          ) : (
            <a class="rule-name" href={explorerPath(rule.name)} title="open the recorded series">
              {rule.name}
            </a>
          )}
          {alerting && rule.duration > 0 && (
            <span class="muted"> for {formatRange(rule.duration)}</span>
          )}
          {alerting && (rule.keepFiringFor ?? 0) > 0 && (
            <span class="muted"> keep firing for {formatRange(rule.keepFiringFor ?? 0)}</span>
          )}
          {alertCount > 0 && (
            <span class="muted">
              {' '}
              · {alertCount} active alert{alertCount === 1 ? '' : 's'}
            </span>
          )}
        </div>
        <a class="rule-expr" href={explorerPath(rule.query)} title="open in the metrics explorer">
          <code>{rule.query}</code>
        </a>
        <LabelList labels={rule.labels} />
        {rule.lastError && <div class="rule-error error">{rule.lastError}</div>}
      </td>
      <td>{alerting ? <span class={`rule-state state-${rule.state}`}>{rule.state}</span> : '–'}</td>
      <td>
        <span class={`rule-health rule-health-${rule.health}`}>{rule.health}</span>
      </td>
      <td title={localTime(rule.lastEvaluation)}>{formatAgo(rule.lastEvaluation, now)}</td>
      <td>{formatEvaluationTime(rule.evaluationTime)}</td>
    </tr>
  );
}
