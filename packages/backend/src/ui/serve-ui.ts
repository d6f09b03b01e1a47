import { type FileHandle, open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** No inline script or style element runs, whatever a telemetry string manages to become. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The UI's own paths and Jaeger UI's, answered with index.html for the app to route. */
const APP_ROUTES =
  /^\/(?:search|trace\/[^/]+|query|logs|dashboards(?:\/[^/]+)?|map|status|alerts|graph)?\/?$/;

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>otel-lab: UI not built</title>
<h1>The web UI is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm install</code>) at the repository root, then reload.
The APIs on this port work meanwhile: <a href="/api/status">/api/status</a>.</p>\n`;

/**
 * The file at `path`, open, with its size; undefined when there is none. Opened before it is
 * measured, so a rebuild that deletes it meanwhile cannot fail the answer half way.
 */
async function fileAt(path: string): Promise<{ handle: FileHandle; size: number } | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isFile()) return { handle, size: info.size };
  } catch {
    // Not there, or not readable: not ours to answer.
  }
  await handle?.close();
  return undefined;
}

/**
 * Serves the built UI (packages/ui/dist/web): its files, and index.html for the app's routes.
 * Hashed files under /assets/ are cached for good, index.html is revalidated each time so a
 * rebuilt UI is picked up. Resolves false for API paths and anything else it does not know, so
 * the handler after it answers them. Hand-written: a static server library would add a
 * fallback for every unknown path, where API paths must keep their JSON 404.
 */
export function createUiHandler(options: { root: string }) {
  const root = resolve(options.root);
  const send = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    cache: string,
  ): Promise<boolean> => {
    const file = await fileAt(path);
    if (file === undefined) return false;
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': file.size,
      'cache-control': cache,
      ...SECURITY_HEADERS,
    });
    if (request.method === 'HEAD') {
      response.end();
      await file.handle.close();
      return true;
    }
    // A read that fails half way cannot change the status any more: pipeline destroys the
    // response (the client sees a cut body) and closes the file, as it does when the client goes.
    pipeline(file.handle.createReadStream(), response, () => {});
    return true;
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith('/api/') || pathname.startsWith('/-/')) return false;
    if (APP_ROUTES.test(pathname)) {
      if (await send(request, response, join(root, 'index.html'), 'no-cache')) return true;
      response.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
      response.end(NOT_BUILT);
      return true;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    const file = resolve(root, `.${decoded}`);
    if (!file.startsWith(root + sep) || decoded.includes('\0')) return false;
    const immutable = decoded.startsWith('/assets/');
    return send(
      request,
      response,
      file,
      immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  };
}
