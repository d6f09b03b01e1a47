/**
 * An Alertmanager stand-in on a loopback port the OS picks: it records every POST to
 * /api/v2/alerts and answers each as the test's `answer` says (a status, a delay, a hang, a
 * redirect), so the notifier's tests can make an Alertmanager slow, failing or down.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PostableAlert } from '../eval/rule-state.js';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only when this settles (a hung or slow Alertmanager). */
  after?: Promise<unknown>;
}

export interface FakeAlertmanager {
  /** The base URL: http://127.0.0.1:PORT */
  readonly url: string;
  /** Every post's alerts, in arrival order, with the status it was answered. */
  readonly posts: { alerts: PostableAlert[]; status: number }[];
  /** Resolves when `count` posts have arrived; rejects after `timeoutMs`. */
  waitForPosts(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `answer(n)` says how to answer the n-th post (from 0); 200 by default. */
export async function startFakeAlertmanager(
  answer: (n: number) => Answer = () => ({}),
): Promise<FakeAlertmanager> {
  const posts: FakeAlertmanager['posts'] = [];
  const waiters: (() => void)[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/v2/alerts') {
      response.writeHead(404).end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = answer(posts.length);
    const status = reply.status ?? 200;
    posts.push({ alerts: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
    for (const wake of waiters.splice(0)) wake();
    open.add(response);
    await reply.after;
    open.delete(response);
    if (!response.destroyed) response.writeHead(status, reply.headers).end(reply.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    async waitForPosts(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`${posts.length} posts after ${timeoutMs} ms, waiting for ${count}`);
        }
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise((resolve) => setTimeout(resolve, 50)),
        ]);
      }
    },
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Alerts named a0, a1, … firing since a fixed time; `version` goes into an annotation. */
export function alertsNamed(from: number, count: number, version = 1): PostableAlert[] {
  return Array.from({ length: count }, (_, i) => ({
    labels: { alertname: `a${from + i}`, severity: 'page' },
    annotations: { version: String(version) },
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-01-01T00:04:00.000Z',
    generatorURL: 'http://127.0.0.1:16686/graph?g0.expr=up',
  }));
}

/** A promise and the function that settles it: a gate a test opens when it wants. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
