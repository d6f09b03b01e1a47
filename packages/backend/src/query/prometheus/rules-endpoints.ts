/**
 * /api/v1/rules and /api/v1/alerts over the rules' state (rules/eval/rule-state.ts), with
 * Prometheus 3's filters, pagination and error texts (web/api/v1/api.go rules(), alerts()).
 */
import { createHash } from 'node:crypto';
import type { GroupStatus, RulesView } from '../../rules/eval/rule-state.js';
import { ApiError } from './api-response.js';
import type { EndpointResult } from './label-endpoints.js';
import { compileMatchers } from './label-matcher.js';
import { MAX_MATCH_SELECTORS } from './match-params.js';
import { alertJson, groupJson, ruleJson, ruleLabels } from './rules-json.js';
import { parseSeriesSelector, SelectorError } from './series-selector.js';

/** What a view answers before any rule file is loaded. */
export const NO_RULES: RulesView = { groups: () => [] };

const invalid = (parameter: string, message: string) =>
  new ApiError('bad_data', `invalid parameter ${JSON.stringify(parameter)}: ${message}`);

/** Go's strconv.ParseBool, on the lowered text as Prometheus reads exclude_alerts. */
function excludeAlerts(params: URLSearchParams): boolean {
  const text = (params.get('exclude_alerts') ?? '').toLowerCase();
  if (text === '') return false;
  if (['1', 't', 'true'].includes(text)) return true;
  if (['0', 'f', 'false'].includes(text)) return false;
  throw invalid(
    'exclude_alerts',
    `error converting exclude_alerts: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`,
  );
}

/** group_limit (a positive int32) and group_next_token, or no paging. */
function paging(params: URLSearchParams): { max: number; token: string } | undefined {
  const limit = params.get('group_limit') ?? '';
  const token = params.get('group_next_token') ?? '';
  if (token !== '' && limit === '') {
    throw invalid(
      'group_next_token',
      'group_limit needs to be present in order to paginate over the groups',
    );
  }
  if (limit === '') return undefined;
  if (!/^[+-]?\d+$/.test(limit)) {
    throw invalid(
      'group_limit',
      `group_limit needs to be a valid number: strconv.ParseInt: parsing ${JSON.stringify(limit)}: invalid syntax`,
    );
  }
  const max = Number(limit);
  if (max > 2 ** 31 - 1 || max < -(2 ** 31)) {
    throw invalid(
      'group_limit',
      `group_limit needs to be a valid number: strconv.ParseInt: parsing ${JSON.stringify(limit)}: value out of range`,
    );
  }
  if (max <= 0) throw invalid('group_limit', 'group_limit needs to be greater than 0');
  return { max, token };
}

/** Prometheus's page token: the SHA-256 of the group's file and name. */
function groupToken(group: GroupStatus): string {
  return createHash('sha256').update(`${group.file};${group.name}`).digest('hex');
}

/** match[]'s selectors as tests over a rule's labels; a bad one is 400 in Prometheus's words. */
function ruleMatchers(params: URLSearchParams) {
  const texts = [...new Set(params.getAll('match[]'))];
  if (texts.length > MAX_MATCH_SELECTORS) {
    throw new ApiError(
      'bad_data',
      `too many match[] selectors: ${texts.length} different ones, at most ${MAX_MATCH_SELECTORS} per request`,
    );
  }
  return texts.map((text) => {
    try {
      return compileMatchers(parseSeriesSelector(text));
    } catch (error) {
      if (error instanceof SelectorError) throw new ApiError('bad_data', error.message);
      throw error;
    }
  });
}

const setOf = (params: URLSearchParams, name: string) => {
  const values = params.getAll(name);
  return values.length > 0 ? new Set(values) : undefined;
};

export function rulesEndpoint(view: RulesView, params: URLSearchParams): EndpointResult {
  const names = setOf(params, 'rule_name[]');
  const groupNames = setOf(params, 'rule_group[]');
  const files = setOf(params, 'file[]');
  const matchers = ruleMatchers(params);
  const type = (params.get('type') ?? '').toLowerCase();
  if (type !== '' && type !== 'alert' && type !== 'record') {
    throw invalid('type', `not supported value ${JSON.stringify(type)}`);
  }
  const withAlerts = !excludeAlerts(params);
  const page = paging(params);

  const groups: unknown[] = [];
  let nextToken: string | undefined;
  let foundToken = false;
  for (const group of view.groups()) {
    if (page && page.token !== '' && !foundToken) {
      if (page.token !== groupToken(group)) continue;
      foundToken = true;
    }
    if (groupNames && !groupNames.has(group.name)) continue;
    if (files && !files.has(group.file)) continue;
    const rules = group.rules.filter((status) => {
      const { rule } = status;
      if (rule.kind === 'alerting' ? type === 'record' : type === 'alert') return false;
      if (names && !names.has(rule.kind === 'alerting' ? rule.alert : rule.record)) return false;
      if (matchers.length === 0) return true;
      const labels = ruleLabels(group, status);
      return matchers.some((test) => test(labels));
    });
    // A group whose rules the filters all dropped is left out, as Prometheus leaves it.
    if (rules.length === 0) continue;
    if (page && groups.length === page.max) {
      nextToken = groupToken(group);
      break;
    }
    groups.push(
      groupJson(
        group,
        rules.map((status) => ruleJson(group, status, withAlerts)),
      ),
    );
  }
  if (page && page.token !== '' && !foundToken) {
    throw invalid(
      'group_next_token',
      `invalid group_next_token '${page.token}'. were rule groups changed?`,
    );
  }
  return { data: nextToken ? { groups, groupNextToken: nextToken } : { groups } };
}

/** Every pending and firing alert of every alerting rule. */
export function alertsEndpoint(view: RulesView): EndpointResult {
  const alerts = view
    .groups()
    .flatMap((group) => group.rules.flatMap((status) => status.alerts ?? []))
    .map(alertJson);
  return { data: { alerts } };
}
