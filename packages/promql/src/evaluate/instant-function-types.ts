// The shape of an instant-vector function applied at one step, shared by the function tables.
import type { Vector } from './values';

export interface StepArgs {
  /** Evaluated vector (or scalar as a one-sample vector) arguments, in order. */
  readonly vectors: Vector[];
  readonly t: number;
  /** The string argument of histogram_quantiles. */
  readonly labelName?: string;
  /** Reports an annotation about argument i. */
  readonly annotate?: (argIndex: number, kind: 'warning' | 'info', message: string) => void;
}

/** Returns the output vector for the step. */
export type InstantFunction = (args: StepArgs) => Vector;
