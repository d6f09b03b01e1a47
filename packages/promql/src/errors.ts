// The closed set of query error kinds, named as the Prometheus HTTP API's errorType.

export type PromqlErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal';

export class PromqlError extends Error {
  override readonly name = 'PromqlError';
  constructor(
    readonly type: PromqlErrorType,
    message: string,
  ) {
    super(message);
  }
}

export function executionError(message: string): PromqlError {
  return new PromqlError('execution', message);
}
