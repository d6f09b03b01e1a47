import type { IncomingMessage, ServerResponse } from 'node:http';
import { KIND_VALUES, STATUS_VALUES, TEMPO_INTRINSICS } from './tag-intrinsics.js';
import { parseTagRequest, type TagRequest, type TagScope } from './tag-params.js';
import type { NestedScope, TagReader } from './tag-reader.js';
import { TempoError } from './tempo-error.js';
import {
  distinctValues,
  type TypedTagValue,
  typedCompactValue,
  typedOtlpValue,
} from './typed-tag-value.js';

const NS_PER_MS = 1_000_000n;

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function requestOf(request: IncomingMessage): TagRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return parseTagRequest(url.searchParams, BigInt(Date.now()) * NS_PER_MS);
}

/** The path's tag name, percent-decoded (the router hands it over as sent). */
function tagName(raw: string): string {
  try {
    const name = decodeURIComponent(raw);
    if (name !== '') return name;
  } catch {}
  throw new TempoError(400, `invalid tag name: ${JSON.stringify(raw)}`);
}

const sortedUnion = (lists: string[][], limit: number) =>
  [...new Set(lists.flat())].sort().slice(0, limit);

/** GET /api/search/tags: `{"tagNames":[…]}`, span and resource attribute names. */
export async function answerTagsV1(
  reader: TagReader,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const tags = requestOf(request);
  const [span, resource] = await Promise.all([reader.spanKeys(tags), reader.resourceKeys(tags)]);
  sendJson(response, { tagNames: sortedUnion([span, resource], tags.limit) });
}

/** GET /api/v2/search/tags: names by scope, every scope or the one `scope` asks for. */
export async function answerTagsV2(
  reader: TagReader,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const tags = requestOf(request);
  const wanted = (scope: TagScope) => tags.scope === undefined || tags.scope === scope;
  const scopes: { name: TagScope; tags: string[] }[] = [];
  if (wanted('span')) scopes.push({ name: 'span', tags: await reader.spanKeys(tags) });
  if (wanted('resource')) scopes.push({ name: 'resource', tags: await reader.resourceKeys(tags) });
  if (wanted('intrinsic')) {
    scopes.push({ name: 'intrinsic', tags: TEMPO_INTRINSICS.slice(0, tags.limit) });
  }
  // Event, link and instrumentation attributes: their scope is listed when asked for, or when
  // some span in the window has them.
  for (const scope of ['event', 'link', 'instrumentation'] as const) {
    if (!wanted(scope)) continue;
    const names = await reader.nestedKeys(tags, scope);
    if (tags.scope === scope || names.length > 0) scopes.push({ name: scope, tags: names });
  }
  sendJson(response, { scopes });
}

async function attributeValues(
  reader: TagReader,
  tags: TagRequest,
  scope: 'span' | 'resource' | 'none',
  key: string,
): Promise<TypedTagValue[]> {
  const typed: (TypedTagValue | undefined)[] = [];
  if (scope !== 'resource')
    typed.push(...(await reader.spanValues(tags, key)).map(typedCompactValue));
  if (scope !== 'span') typed.push(...(await reader.resourceValues(tags, key)).map(typedOtlpValue));
  return distinctValues(
    typed.filter((value) => value !== undefined),
    tags.limit,
  );
}

const keywords = (values: string[]) => values.map((value) => ({ type: 'keyword', value }));
const strings = (values: string[]) => values.map((value) => ({ type: 'string', value }));

/** The values of an intrinsic, or undefined when `name` is not one. */
async function intrinsicValues(
  reader: TagReader,
  tags: TagRequest,
  name: string,
): Promise<TypedTagValue[] | undefined> {
  switch (name) {
    case 'status':
    case 'span:status':
      return keywords(STATUS_VALUES);
    case 'kind':
    case 'span:kind':
      return keywords(KIND_VALUES);
    case 'name':
    case 'span:name':
      return strings(await reader.columnValues(tags, 'name'));
    case 'statusMessage':
    case 'span:statusMessage':
      return strings(await reader.columnValues(tags, 'status_message', "status_message <> ''"));
    case 'rootServiceName':
    case 'trace:rootService':
      return strings(await reader.columnValues(tags, 'service', 'parent_span_id IS NULL'));
    case 'rootName':
    case 'trace:rootName':
      return strings(await reader.columnValues(tags, 'name', 'parent_span_id IS NULL'));
    case 'event:name':
      return strings(await reader.eventNames(tags));
    case 'instrumentation:name':
      return strings(await reader.scopeValues(tags, 'name'));
    case 'instrumentation:version':
      return strings(await reader.scopeValues(tags, 'version'));
  }
  return TEMPO_INTRINSICS.includes(name) ? [] : undefined;
}

/** Values of a scoped name (`resource.service.name`, `span.http.route`, `.a`) or an intrinsic. */
async function scopedValues(reader: TagReader, tags: TagRequest, name: string) {
  const intrinsic = await intrinsicValues(reader, tags, name);
  if (intrinsic !== undefined) return intrinsic;
  const scoped = /^(span|resource|event|link|instrumentation)?\.(.+)$/.exec(name);
  if (scoped === null) return attributeValues(reader, tags, 'none', name);
  const [, scope, key = ''] = scoped;
  if (scope === undefined) return attributeValues(reader, tags, 'none', key);
  if (scope === 'span' || scope === 'resource') return attributeValues(reader, tags, scope, key);
  const texts = await reader.nestedValues(tags, scope as NestedScope, key);
  const typed = texts.map(scope === 'event' ? typedCompactValue : typedOtlpValue);
  return distinctValues(
    typed.filter((value) => value !== undefined),
    tags.limit,
  );
}

/** GET /api/v2/search/tag/{scoped name}/values: `{"tagValues":[{"type","value"}…]}`. */
export async function answerTagValuesV2(
  reader: TagReader,
  request: IncomingMessage,
  response: ServerResponse,
  rawName: string,
) {
  const name = tagName(rawName);
  const tags = requestOf(request);
  sendJson(response, { tagValues: (await scopedValues(reader, tags, name)).slice(0, tags.limit) });
}

/** Tempo v1's virtual tags: their fixed values. */
const VIRTUAL_V1: ReadonlyMap<string, string[]> = new Map([
  ['status.code', ['unset', 'ok', 'error']],
  ['error', ['true']],
]);

/** GET /api/search/tag/{name}/values: `{"tagValues":["a",…]}`, span and resource values as text. */
export async function answerTagValuesV1(
  reader: TagReader,
  request: IncomingMessage,
  response: ServerResponse,
  rawName: string,
) {
  const name = tagName(rawName);
  const tags = requestOf(request);
  const stored = (await attributeValues(reader, tags, 'none', name)).map((value) => value.value);
  sendJson(response, { tagValues: sortedUnion([VIRTUAL_V1.get(name) ?? [], stored], tags.limit) });
}
