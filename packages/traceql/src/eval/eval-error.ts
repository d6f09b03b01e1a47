// The one error the evaluator throws: a query it cannot answer as a search (metrics functions,
// compare(), topk, uninterpolated variables, structural operators over several span sets, bad regexes).
export class TraceqlEvalError extends Error {
  override readonly name = 'TraceqlEvalError';
}
