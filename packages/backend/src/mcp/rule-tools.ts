/**
 * list_rules and list_alerts: the rules' state (RulesView) as /api/v1/rules and /api/v1/alerts
 * give it, so an agent reads the same fields Prometheus's API documents. Rules come flat, each
 * with its group and file, and without their alerts (list_alerts has those).
 */
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { alertsEndpoint, rulesEndpoint } from '../query/prometheus/rules-endpoints.js';
import type { RulesView } from '../rules/eval/rule-state.js';
import { logged } from './call-log.js';
import { capList, listShape, toolAnswer } from './tool-answer.js';

interface GroupJson {
  name: string;
  file: string;
  rules: Record<string, unknown>[];
}

/** /api/v1/rules?exclude_alerts=true&type=…'s rules, each with its group's name and file. */
export function flatRules(view: RulesView, type?: 'alert' | 'record'): Record<string, unknown>[] {
  const params = new URLSearchParams({ exclude_alerts: 'true', type: type ?? '' });
  const { groups } = rulesEndpoint(view, params).data as { groups: GroupJson[] };
  return groups.flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, file: group.file, ...rule })),
  );
}

const anyObject = z.record(z.string(), z.unknown());

export function registerRuleTools(
  server: McpServer,
  view: RulesView,
  log: (message: string) => void,
): void {
  server.registerTool(
    'list_rules',
    {
      description:
        'Alerting and recording rules with their health, last error and (alerting) state, ' +
        'as /api/v1/rules gives them.',
      inputSchema: z.object({
        type: z.enum(['alert', 'record']).optional().describe('only alerting or recording rules'),
      }),
      outputSchema: listShape(anyObject),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'list_rules', async ({ type }: { type?: 'alert' | 'record' }) => {
      const rules = flatRules(view, type);
      const failing = rules.filter((rule) => rule.health === 'err').length;
      const answer = capList(rules, 'ask for one type (alert or record)');
      return toolAnswer(`${rules.length} rules, ${failing} failing`, answer);
    }),
  );
  server.registerTool(
    'list_alerts',
    {
      description: 'Pending and firing alerts, as /api/v1/alerts gives them.',
      inputSchema: z.object({}),
      outputSchema: listShape(anyObject),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'list_alerts', async () => {
      const { alerts } = alertsEndpoint(view).data as { alerts: { state: string }[] };
      const firing = alerts.filter((alert) => alert.state === 'firing').length;
      const answer = capList(alerts, 'ask list_rules for the rules behind them');
      return toolAnswer(`${alerts.length} alerts, ${firing} firing`, answer);
    }),
  );
}
