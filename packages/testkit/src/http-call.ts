import { request } from 'node:http';

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  json: any;
}

/**
 * A plain node:http request. Tests use it instead of fetch because fetch is instrumented in a
 * process that runs the SDK, and its client spans would become the roots of the traces under test.
 */
export function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const postJson = (baseUrl: string, path: string, body: unknown) =>
  call(baseUrl, 'POST', path, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
