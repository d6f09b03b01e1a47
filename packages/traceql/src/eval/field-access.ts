// Reading one field (an intrinsic or a scoped attribute) off the span being evaluated: each field
// compiles once to a closure. Event and link fields read the event or link the filter is at.
import type { Attribute, Field, Intrinsic } from '../ast';
import { TraceqlEvalError } from './eval-error';
import { type FieldValue, NIL } from './field-value';
import type { TraceIndex } from './trace-index';
import type { Attributes, TraceqlEvent, TraceqlLink, TraceqlSpan } from './trace-model';

/** The evaluator's cursor: one object per evaluation, moved from span to span (no allocation). */
export interface EvalState {
  span: TraceqlSpan;
  index: TraceIndex;
  event: TraceqlEvent | undefined;
  link: TraceqlLink | undefined;
}

export type Accessor = (state: EvalState) => FieldValue;

const str = (value: string): FieldValue => ({ type: 'string', value });
const optionalStr = (value: string | undefined): FieldValue =>
  value === undefined || value === '' ? NIL : str(value);

/** Intrinsics by every name Tempo accepts for them. */
const INTRINSICS: Readonly<Record<string, Accessor>> = (() => {
  const duration: Accessor = (s) => ({ type: 'duration', ns: s.span.durationNs });
  const name: Accessor = (s) => str(s.span.name);
  const status: Accessor = (s) => ({ type: 'status', value: s.span.status });
  const statusMessage: Accessor = (s) => str(s.span.statusMessage);
  const kind: Accessor = (s) => ({ type: 'kind', value: s.span.kind });
  const traceDuration: Accessor = (s) => ({ type: 'duration', ns: s.index.traceDurationNs });
  const rootName: Accessor = (s) => optionalStr(s.index.root?.name);
  const rootService: Accessor = (s) => serviceName(s.index.root?.resource);
  return {
    duration,
    'span:duration': duration,
    name,
    'span:name': name,
    status,
    'span:status': status,
    statusMessage,
    'span:statusMessage': statusMessage,
    kind,
    'span:kind': kind,
    traceDuration,
    'trace:duration': traceDuration,
    rootName,
    'trace:rootName': rootName,
    rootServiceName: rootService,
    'trace:rootService': rootService,
    'trace:id': (s) => str(s.index.trace.traceId),
    'span:id': (s) => str(s.span.spanId),
    'span:parentID': (s) => optionalStr(s.span.parentSpanId),
    'span:childCount': (s) => ({ type: 'int', value: s.index.childCount(s.span) }),
    'event:name': (s) => (s.event ? str(s.event.name) : NIL),
    'event:timeSinceStart': (s) =>
      s.event ? { type: 'duration', ns: s.event.timeSinceStartNs } : NIL,
    'link:traceID': (s) => (s.link ? str(s.link.traceId) : NIL),
    'link:spanID': (s) => (s.link ? str(s.link.spanId) : NIL),
    'instrumentation:name': (s) => optionalStr(s.span.scope.name),
    'instrumentation:version': (s) => optionalStr(s.span.scope.version),
  };
})();

function serviceName(resource: Attributes | undefined): FieldValue {
  return resource?.get('service.name') ?? NIL;
}

function intrinsicAccessor(field: Intrinsic): Accessor {
  const accessor = INTRINSICS[field.name];
  if (!accessor) throw new TraceqlEvalError(`intrinsic ${field.name} is not supported`);
  return accessor;
}

function attributeAccessor(field: Attribute): Accessor {
  const key = field.name;
  const own = ((): Accessor => {
    switch (field.scope) {
      case 'span':
        return (s) => s.span.attributes.get(key) ?? NIL;
      case 'resource':
        return (s) => s.span.resource.get(key) ?? NIL;
      case 'instrumentation':
        return (s) => s.span.scope.attributes.get(key) ?? NIL;
      case 'event':
        return (s) => s.event?.attributes.get(key) ?? NIL;
      case 'link':
        return (s) => s.link?.attributes.get(key) ?? NIL;
      case 'none':
        // Unscoped: the span's attribute, else the resource's.
        return (s) => s.span.attributes.get(key) ?? s.span.resource.get(key) ?? NIL;
    }
  })();
  if (!field.parent) return own;
  // parent.…: the same attribute on the span's parent (nil for a root or a parent not received).
  return (s) => {
    const parent = s.index.parent(s.span);
    if (!parent) return NIL;
    const child = s.span;
    s.span = parent;
    const value = own(s);
    s.span = child;
    return value;
  };
}

const compiled = new WeakMap<Field, Accessor>();

export function fieldAccessor(field: Field): Accessor {
  let accessor = compiled.get(field);
  if (!accessor) {
    accessor = field.kind === 'intrinsic' ? intrinsicAccessor(field) : attributeAccessor(field);
    compiled.set(field, accessor);
  }
  return accessor;
}

/** Whether the field reads the current event (event.… and event:…) or link. */
export function fieldTarget(field: Field): 'event' | 'link' | 'span' {
  if (field.kind === 'attribute')
    return field.scope === 'event' || field.scope === 'link' ? field.scope : 'span';
  if (field.name.startsWith('event:')) return 'event';
  if (field.name.startsWith('link:')) return 'link';
  return 'span';
}
