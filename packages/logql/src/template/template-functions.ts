// The functions line_format and label_format offer: Loki's own (ToUpper, ToLower, Replace, Trim*,
// regexReplaceAll, regexReplaceAllLiteral, count, urlencode, urldecode, bytes, duration,
// duration_seconds, unixEpochMillis, unixEpochNanos, unixToTime, alignLeft, alignRight, b64dec),
// its Sprig selection (lower, upper, title, trunc, substr, contains, hasPrefix, hasSuffix, indent,
// nindent, replace, repeat, trim, trimAll, trimPrefix, trimSuffix, int, float64, add, sub, mul, div,
// mod, addf, subf, mulf, divf, max, min, maxf, minf, ceil, floor, round, date, toDate, now,
// unixEpoch, default, b64enc) and Go's builtins (and, or, not, len, eq, ne, lt, le, gt, ge, print,
// printf, println, urlquery). __line__ and __timestamp__ are added per entry by the executor.
import { numberAndTimeFunctions } from './number-time-functions';
import { stringFunctions } from './string-functions';
import type { Fn } from './template-values';

export { TemplateExecError, truth } from './template-values';

export const templateFunctions: Readonly<Record<string, Fn>> = {
  ...stringFunctions,
  ...numberAndTimeFunctions,
};
