// The step of `{{base}}+{{inc}}xN` and `{{base}}-{{inc}}xN`: the engine's FloatHistogram add and
// subtract, as Prometheus's expansion uses its own. Expected values in the scripts are literals,
// so a fault in that arithmetic still shows as a failing case.
import { addHistograms, subtractHistograms } from '../histogram/add';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../histogram/float-histogram';
import { NotationError } from './notation-error';

/** `a + sign·b`; `a` must not have a finer schema than `b` (Prometheus's expansion refuses it). */
export function combineHistograms(
  a: FloatHistogram,
  b: FloatHistogram,
  sign: 1 | -1,
): FloatHistogram {
  if (
    a.schema !== CUSTOM_BUCKETS_SCHEMA &&
    b.schema !== CUSTOM_BUCKETS_SCHEMA &&
    a.schema > b.schema
  )
    throw new NotationError(
      `error combining histograms: cannot merge from schema ${b.schema} to ${a.schema}`,
    );
  const result = sign === 1 ? addHistograms(a, b) : subtractHistograms(a, b);
  if (!result.ok)
    throw new NotationError(
      'cannot apply this operation to histograms with a mix of exponential and custom bucket schemas',
    );
  return result.histogram;
}
