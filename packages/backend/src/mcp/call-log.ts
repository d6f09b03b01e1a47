/** Each tool call, logged with its tool and how long it took: agents call often, and silently. */
export function logged<A extends unknown[], R>(
  log: (message: string) => void,
  tool: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await handler(...args);
    } catch (error) {
      outcome = `error: ${(error as Error).message}`;
      throw error;
    } finally {
      log(`mcp ${tool} ${(performance.now() - started).toFixed(1)} ms ${outcome}`);
    }
  };
}
