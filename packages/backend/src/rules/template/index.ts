/** Go-template expansion of rule labels and annotations, the subset Prometheus rule files use. */
export type { RuleTemplate } from './compile.js';
export { compileRuleTemplate, RuleTemplateError } from './compile.js';
export { SUPPORTED as SUPPORTED_TEMPLATE_FUNCTIONS } from './functions.js';
export type { TemplateData } from './go-value.js';
