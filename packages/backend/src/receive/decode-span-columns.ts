import {
  type AnyValue,
  anyValue,
  decodeEnvelope,
  type Reader,
  type ResourceData,
  readSpanLink,
  type ScopeData,
  type SpanLink,
  spanIdsRejection,
  TRACES_ENVELOPE,
} from '@otel-lab/otlp';
import type { SpanSummary } from '../metrics/span-resource.js';
import { inRange, clampNs as ns } from '../storage/clamp.js';
import { compactValueText, doubleText } from '../storage/compact-attributes.js';
import { intValueOf, resourceText, scopeText, stringValueOf } from '../storage/otlp-json.js';
import {
  createSpanColumns,
  firstSpanRows,
  linksText,
  nestedKeysText,
  SPAN_TEXT_COLUMNS,
  SPAN_TEXT_PER_ROW,
  type SpanColumns,
  serviceText,
} from '../storage/span-columns.js';
import {
  asciiKeyState,
  asciiTagHashOf,
  keyState,
  listTagHashes,
  tagHashOf,
  valueText,
} from '../storage/tag-hashes.js';
import { TextCells } from '../storage/text-cells.js';
import { TextWriter } from '../storage/text-writer.js';
import { capValue, type IngestLimits, limitAttributes } from './ingest-limits.js';
import {
  DB_NAME,
  METHOD,
  OLD_METHOD,
  OLD_STATUS,
  ROUTE,
  SPECIAL_KEYS,
  STATUS,
  specialKey,
} from './span-special-keys.js';
import {
  ascii,
  BYTES,
  countSpans,
  FIXED32,
  FIXED64,
  fieldEnd,
  fixed64,
  quotedPlain,
  reversedInto,
  utf8,
  VARINT,
  validId,
  wire,
} from './span-wire.js';

/** A trace request as `spans` columns, and what span metrics read of its spans. */
export interface DecodedSpanColumns {
  columns: SpanColumns;
  rejected: number;
  rejectionReason: string;
  /** The accepted spans, for span metrics. */
  spans: SpanSummary[];
}

/**
 * Trace requests in protobuf, decoded straight into the `spans` columns, with no span,
 * attribute or value objects in between: ids go from the wire into the id columns, and a span's
 * compact attribute text and tag hashes are made from its attributes' wire bytes (a key or string
 * that is ASCII needing no JSON escape, nearly all of them, is copied as it is). The ingest limits
 * are applied while reading. Span metrics get a SpanSummary per span. Events are written the same
 * way once the span's start is known (their times are relative to it); links, rare, are still
 * read as objects.
 *
 * The columns equal those of buildSpanColumns over the object decoder's limited spans (a test
 * holds them equal over random requests). A request this does not take returns undefined, and
 * the caller decodes it into objects: more spans than a request may hold (rare), or anything
 * malformed, whose error the object decoder words.
 */
export function decodeSpanColumns(
  body: Uint8Array,
  limits: IngestLimits,
): DecodedSpanColumns | undefined {
  const capacity = countSpans(body);
  if (capacity < 0 || capacity > limits.maxItemsPerRequest) return undefined;
  try {
    return new SpanColumnsDecoder(body, capacity, limits).decode();
  } catch {
    // Malformed: the object decoder reads it again and words the error.
    return undefined;
  }
}

const cell = (name: (typeof SPAN_TEXT_COLUMNS)[number]) => SPAN_TEXT_COLUMNS.indexOf(name);
const TRACE_STATE = cell('trace_state');
const SERVICE = cell('service');
const NAME = cell('name');
const STATUS_MESSAGE = cell('status_message');
const HTTP_METHOD = cell('http_method');
const HTTP_ROUTE = cell('http_route');
const ATTRIBUTES = cell('attributes');
const EVENTS = cell('events');
const LINKS = cell('links');
const RESOURCE = cell('resource');
const SCOPE = cell('scope');
const NESTED_KEYS = cell('nested_keys');

const COMMA = 0x2c;
const COLON = 0x3a;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const VALUE_NONE = 0;
const VALUE_STRING = 1;
const VALUE_BOOL = 2;
const VALUE_INT = 3;
const VALUE_DOUBLE = 4;
/** Bytes, a list or a map: read as an object (anyValue). */
const VALUE_OBJECT = 5;

/**
 * The text buffer of the last request, to write the next one's into: a request's text is copied
 * out whole (the copy is what moves to the main thread), so one buffer serves every request of
 * this thread, instead of one that grows from 64 KiB for each. One grown past this is let go.
 */
let spareWriter: TextWriter | undefined;
const SPARE_WRITER_MAX = 4 * 1024 * 1024;

class SpanColumnsDecoder {
  private readonly bytes: Buffer;
  private readonly cells: TextCells;
  private readonly columns: SpanColumns;
  private readonly spanIdBytes: Uint8Array;
  private readonly parentBytes: Uint8Array;
  private readonly hashes: number[] = [];
  private readonly spans: SpannedRow[] = [];
  private rows = 0;
  private rejected = 0;
  private rejectionReason = '';

  // The attribute being read: its last value (a oneof: the last field read wins).
  private valueType = VALUE_NONE;
  private valueStart = 0;
  private valueEnd = 0;
  private boolValue = false;
  private intLow = 0;
  private intHigh = 0;
  private doubleValue = 0;
  private objectValue: AnyValue = { type: 'empty' };

  // The span being read: its attributes kept and dropped, and the values of SPECIAL_KEYS.
  private kept = 0;
  private dropped = 0;
  private readonly special: (AnyValue | undefined)[] = [];
  private readonly specialSeen: boolean[] = [];
  /** Where the span's events lie in the request, to write once its fields are read. */
  private readonly eventStarts: number[] = [];
  private readonly eventEnds: number[] = [];
  private readonly eventAttributeStarts: number[] = [];
  private readonly eventAttributeEnds: number[] = [];
  /** While an event's attributes are read: the keys they hold (nested_keys); none are special. */
  private eventKeys: Set<string> | undefined;

  constructor(
    body: Uint8Array,
    private readonly capacity: number,
    private readonly limits: IngestLimits,
  ) {
    this.bytes = Buffer.isBuffer(body)
      ? body
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const writer = spareWriter ?? new TextWriter();
    spareWriter = undefined;
    writer.length = 0;
    this.cells = new TextCells(capacity, SPAN_TEXT_PER_ROW, writer);
    this.columns = createSpanColumns(capacity, this.cells);
    this.spanIdBytes = new Uint8Array(this.columns.spanId.buffer);
    this.parentBytes = new Uint8Array(this.columns.parentSpanId.buffer);
  }

  decode(): DecodedSpanColumns {
    decodeEnvelope(this.bytes, TRACES_ENVELOPE, (reader, end, resource, scope) =>
      this.span(reader, end, resource, scope),
    );
    // A block's resource and scope are final only once it has been read (they may follow its
    // spans on the wire), so their cells are written last, once per distinct object.
    const cells = this.cells;
    for (let row = 0; row < this.spans.length; row++) {
      const { resource, scope } = this.spans[row] as SpannedRow;
      cells.putShared(row, SERVICE, resource.attributes, () => serviceText(resource));
      cells.putShared(row, RESOURCE, resource, () => resourceText(resource));
      cells.putShared(row, SCOPE, scope, () => scopeText(scope));
    }
    const columns = firstSpanRows(this.columns, this.rows);
    columns.text = cells.bytes();
    if (cells.writer.bytes.length <= SPARE_WRITER_MAX) spareWriter = cells.writer;
    columns.tagHashes = Uint32Array.from(this.hashes);
    return {
      columns,
      rejected: this.rejected,
      rejectionReason: this.rejectionReason,
      spans: this.spans,
    };
  }

  /** Reads one span into the next row; a span the specification calls invalid takes none. */
  private span(reader: Reader, end: number, resource: ResourceData, scope: ScopeData) {
    const bytes = this.bytes;
    const writer = this.cells.writer;
    const row = this.rows;
    if (row >= this.capacity) throw new RangeError('more spans than counted');
    const textStart = writer.length;
    const hashStart = this.hashes.length;
    let traceId = -1;
    let traceIdLength = 0;
    let spanId = -1;
    let spanIdLength = 0;
    let parentId = -1;
    let parentIdLength = 0;
    let traceStateStart = 0;
    let traceStateEnd = 0;
    let nameStart = 0;
    let nameEnd = 0;
    let kind = 0;
    let startNs = 0n;
    let endNs = 0n;
    let droppedAttributes = 0;
    let droppedEvents = 0;
    let droppedLinks = 0;
    let statusCode = 0;
    let statusStart = 0;
    let statusEnd = 0;
    let flags = 0;
    const links: SpanLink[] = [];
    this.eventStarts.length = 0;
    this.eventEnds.length = 0;
    this.kept = 0;
    this.dropped = 0;
    for (let k = 0; k < SPECIAL_KEYS.length; k++) {
      this.special[k] = undefined;
      this.specialSeen[k] = false;
    }
    writer.byte(0x7b); // {
    while (reader.pos < end) {
      const tag = reader.uint32();
      switch (tag >>> 3) {
        case 1:
          wire(tag, BYTES);
          traceIdLength = fieldEnd(reader) - reader.pos;
          traceId = reader.pos;
          reader.pos += traceIdLength;
          break;
        case 2:
          wire(tag, BYTES);
          spanIdLength = fieldEnd(reader) - reader.pos;
          spanId = reader.pos;
          reader.pos += spanIdLength;
          break;
        case 3:
          wire(tag, BYTES);
          traceStateEnd = fieldEnd(reader);
          traceStateStart = reader.pos;
          reader.pos = traceStateEnd;
          break;
        case 4:
          wire(tag, BYTES);
          parentIdLength = fieldEnd(reader) - reader.pos;
          parentId = reader.pos;
          reader.pos += parentIdLength;
          break;
        case 5:
          wire(tag, BYTES);
          nameEnd = fieldEnd(reader);
          nameStart = reader.pos;
          reader.pos = nameEnd;
          break;
        case 6:
          wire(tag, VARINT);
          kind = reader.int32();
          break;
        case 7:
          wire(tag, FIXED64);
          startNs = fixed64(reader);
          break;
        case 8:
          wire(tag, FIXED64);
          endNs = fixed64(reader);
          break;
        case 9:
          wire(tag, BYTES);
          this.attribute(reader, fieldEnd(reader));
          break;
        case 10:
          wire(tag, VARINT);
          droppedAttributes = reader.uint32();
          break;
        case 11:
          wire(tag, BYTES);
          {
            // Written once the scan is over: an event's time is written relative to the start.
            const eventEnd = fieldEnd(reader);
            this.eventStarts.push(reader.pos);
            this.eventEnds.push(eventEnd);
            reader.pos = eventEnd;
          }
          break;
        case 12:
          wire(tag, VARINT);
          droppedEvents = reader.uint32();
          break;
        case 13:
          wire(tag, BYTES);
          links.push(readSpanLink(reader, fieldEnd(reader)));
          break;
        case 14:
          wire(tag, VARINT);
          droppedLinks = reader.uint32();
          break;
        case 15: {
          wire(tag, BYTES);
          // A second Status replaces the first, as the object decoder reads it.
          statusCode = 0;
          statusStart = statusEnd = 0;
          const statusMessageEnd = fieldEnd(reader);
          while (reader.pos < statusMessageEnd) {
            const statusTag = reader.uint32();
            if (statusTag >>> 3 === 2) {
              wire(statusTag, BYTES);
              statusEnd = fieldEnd(reader);
              statusStart = reader.pos;
              reader.pos = statusEnd;
            } else if (statusTag >>> 3 === 3) {
              wire(statusTag, VARINT);
              statusCode = reader.int32();
            } else reader.skipType(statusTag & 7);
          }
          break;
        }
        case 16:
          wire(tag, FIXED32);
          flags = reader.fixed32();
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    writer.byte(0x7d); // }
    const maxLength = this.limits.maxValueLength;
    let name = utf8(bytes, nameStart, nameEnd);

    const reason = spanIdsRejection(
      name,
      validId(bytes, traceId, traceIdLength, 16),
      validId(bytes, spanId, spanIdLength, 8),
      parentIdLength === 0 || validId(bytes, parentId, parentIdLength, 8),
    );
    if (reason !== undefined) {
      writer.length = textStart;
      this.hashes.length = hashStart;
      this.rejected++;
      this.rejectionReason ||= reason;
      return REJECTED;
    }
    this.rows++;
    if (name.length > maxLength) name = name.slice(0, maxLength);

    const columns = this.columns;
    const cells = this.cells;
    cells.place(row, ATTRIBUTES, textStart, writer.length - textStart);
    reversedInto(bytes, traceId, 16, columns.traceId, row * 16);
    reversedInto(bytes, spanId, 8, this.spanIdBytes, row * 8);
    if (parentIdLength > 0) reversedInto(bytes, parentId, 8, this.parentBytes, row * 8);
    columns.parentValid[row] = parentIdLength > 0 ? 1 : 0;
    columns.flags[row] = flags >>> 0;
    columns.kind[row] = inRange(kind, 5);
    const start = ns(startNs);
    const finish = ns(endNs);
    columns.startNs[row] = start;
    columns.endNs[row] = finish;
    // The end is start + duration unless it lies before the start; only then is it stored.
    columns.endValid[row] = finish < start ? 1 : 0;
    columns.durationNs[row] = finish > start ? finish - start : 0n;
    columns.statusCode[row] = inRange(statusCode, 2);
    const special = this.special;
    const status = intValueOf(special[STATUS]) ?? intValueOf(special[OLD_STATUS]);
    const statusValid = status !== undefined && status >= 0 && status <= 65535;
    columns.httpStatusCode[row] = statusValid ? status : 0;
    columns.httpStatusValid[row] = statusValid ? 1 : 0;
    columns.droppedAttributes[row] = (droppedAttributes + this.dropped) >>> 0;
    columns.droppedEvents[row] = droppedEvents >>> 0;
    columns.droppedLinks[row] = droppedLinks >>> 0;

    this.putText(row, TRACE_STATE, traceStateStart, traceStateEnd);
    if (name.length === nameEnd - nameStart) this.putText(row, NAME, nameStart, nameEnd);
    else cells.put(row, NAME, name);
    this.putText(row, STATUS_MESSAGE, statusStart, statusEnd);
    cells.put(
      row,
      HTTP_METHOD,
      stringValueOf(special[METHOD]) ?? stringValueOf(special[OLD_METHOD]),
    );
    cells.put(row, HTTP_ROUTE, stringValueOf(special[ROUTE]));
    const nestedKeys = new Set<string>();
    this.events(reader, row, start, nestedKeys);
    reader.pos = end;
    if (links.length > 0) {
      for (let i = 0; i < links.length; i++) {
        const link = links[i] as SpanLink;
        const limited = limitAttributes(link.attributes, this.limits);
        if (limited.dropped === 0 && limited.attributes === link.attributes) continue;
        links[i] = {
          ...link,
          attributes: limited.attributes,
          droppedAttributesCount: link.droppedAttributesCount + limited.dropped,
        };
      }
      for (const link of links) listTagHashes(this.hashes, link.attributes);
    }
    cells.put(row, LINKS, linksText(links));
    for (const link of links) for (const kv of link.attributes) nestedKeys.add(kv.key);
    cells.put(row, NESTED_KEYS, nestedKeysText(nestedKeys));
    columns.tagHashEnd[row] = this.hashes.length;

    const summary: SpannedRow = {
      resource,
      scope,
      traceId: bytes.toString('hex', traceId, traceId + 16),
      spanId: bytes.toString('hex', spanId, spanId + 8),
      parentSpanId: parentIdLength > 0 ? bytes.toString('hex', parentId, parentId + 8) : '',
      name,
      kind,
      startTimeUnixNano: startNs,
      endTimeUnixNano: endNs,
      status: { code: statusCode },
      attributes: special[DB_NAME] ? [{ key: 'db.name', value: special[DB_NAME] }] : [],
    };
    this.spans.push(summary);
    return summary;
  }

  /**
   * The span's events as compactEventsText writes them (`[{"t":offset,"n":name,"a":{…}}]`),
   * their kept attributes' tag hashes, and their keys into `keys`.
   */
  private events(reader: Reader, row: number, start: bigint, keys: Set<string>): void {
    const writer = this.cells.writer;
    const textStart = writer.length;
    writer.byte(0x5b); // [
    this.eventKeys = keys;
    for (let i = 0; i < this.eventStarts.length; i++) {
      if (i > 0) writer.byte(COMMA);
      this.event(reader, this.eventStarts[i] as number, this.eventEnds[i] as number, start);
    }
    this.eventKeys = undefined;
    writer.byte(0x5d); // ]
    this.cells.place(row, EVENTS, textStart, writer.length - textStart);
  }

  private event(reader: Reader, begin: number, end: number, spanStart: bigint): void {
    const bytes = this.bytes;
    const writer = this.cells.writer;
    let time = 0n;
    let nameStart = 0;
    let nameEnd = 0;
    let dropped = 0;
    const attributeStarts = this.eventAttributeStarts;
    const attributeEnds = this.eventAttributeEnds;
    attributeStarts.length = 0;
    attributeEnds.length = 0;
    reader.pos = begin;
    while (reader.pos < end) {
      const tag = reader.uint32();
      switch (tag >>> 3) {
        case 1:
          wire(tag, FIXED64);
          time = fixed64(reader);
          break;
        case 2:
          wire(tag, BYTES);
          nameEnd = fieldEnd(reader);
          nameStart = reader.pos;
          reader.pos = nameEnd;
          break;
        case 3: {
          wire(tag, BYTES);
          const attributeEnd = fieldEnd(reader);
          attributeStarts.push(reader.pos);
          attributeEnds.push(attributeEnd);
          reader.pos = attributeEnd;
          break;
        }
        case 4:
          wire(tag, VARINT);
          dropped = reader.uint32();
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    const offset = time - spanStart;
    writer.ascii(offset <= SAFE && offset >= -SAFE ? `{"t":${offset}` : `{"ta":"${time}"`);
    writer.ascii(',"n":');
    const nameText = writer.length;
    if (!quotedPlain(writer, bytes, nameStart, nameEnd)) {
      writer.length = nameText;
      writer.write(JSON.stringify(utf8(bytes, nameStart, nameEnd)));
    }
    writer.ascii(',"a":{');
    this.kept = 0;
    this.dropped = 0;
    for (let i = 0; i < attributeStarts.length; i++) {
      reader.pos = attributeStarts[i] as number;
      this.attribute(reader, attributeEnds[i] as number);
    }
    const droppedInAll = dropped + this.dropped;
    writer.ascii(droppedInAll > 0 ? `},"d":${droppedInAll}}` : '}}');
  }

  /** Cell (row, column) holds the string field at wire bytes [start, end). */
  private putText(row: number, column: number, start: number, end: number): void {
    const bytes = this.bytes;
    if (!ascii(bytes, start, end)) {
      this.cells.put(row, column, utf8(bytes, start, end));
      return;
    }
    const writer = this.cells.writer;
    const at = writer.length;
    writer.copy(bytes, start, end);
    this.cells.place(row, column, at, end - start);
  }

  /** One attribute of the span, onto its attribute text and tag hashes, or dropped by the limit. */
  private attribute(reader: Reader, end: number): void {
    let keyStart = 0;
    let keyEnd = 0;
    this.valueType = VALUE_NONE;
    while (reader.pos < end) {
      const tag = reader.uint32();
      switch (tag >>> 3) {
        case 1:
          wire(tag, BYTES);
          keyEnd = fieldEnd(reader);
          keyStart = reader.pos;
          reader.pos = keyEnd;
          break;
        case 2:
          wire(tag, BYTES);
          this.value(reader, fieldEnd(reader));
          break;
        default:
          reader.skipType(tag & 7);
      }
    }
    if (this.kept >= this.limits.maxAttributes) {
      this.dropped++;
      return;
    }
    const bytes = this.bytes;
    const writer = this.cells.writer;
    const maxLength = this.limits.maxValueLength;
    if (this.kept > 0) writer.byte(COMMA);
    this.kept++;
    const keyTextStart = writer.length;
    let state: number;
    let special = -1;
    const keyCut = Math.min(keyEnd, keyStart + maxLength);
    if (quotedPlain(writer, bytes, keyStart, keyCut) && ascii(bytes, keyCut, keyEnd)) {
      const cut = keyCut;
      state = asciiKeyState(bytes, keyStart, cut);
      if (this.eventKeys) this.eventKeys.add(bytes.toString('latin1', keyStart, cut));
      else {
        special = specialKey(bytes, keyStart, cut);
        if (special >= 0 && this.specialSeen[special]) special = -1;
      }
    } else {
      writer.length = keyTextStart;
      let key = utf8(bytes, keyStart, keyEnd);
      if (key.length > maxLength) key = key.slice(0, maxLength);
      writer.write(JSON.stringify(key));
      state = keyState(key);
      this.eventKeys?.add(key);
    }
    writer.byte(COLON);
    const valueTextStart = writer.length;

    let value: AnyValue | undefined;
    switch (this.valueType) {
      case VALUE_STRING: {
        const start = this.valueStart;
        const end = this.valueEnd;
        const cut = Math.min(end, start + maxLength);
        if (quotedPlain(writer, bytes, start, cut) && ascii(bytes, cut, end)) {
          this.hashes.push(asciiTagHashOf(state, bytes, start, cut));
          if (special >= 0) value = { type: 'string', value: bytes.toString('latin1', start, cut) };
        } else {
          writer.length = valueTextStart;
          let text = utf8(bytes, start, end);
          if (text.length > maxLength) text = text.slice(0, maxLength);
          writer.write(JSON.stringify(text));
          this.hashes.push(tagHashOf(state, text));
          value = { type: 'string', value: text };
        }
        break;
      }
      case VALUE_BOOL: {
        const text = this.boolValue ? 'true' : 'false';
        writer.ascii(text);
        this.hashes.push(tagHashOf(state, text));
        if (special >= 0) value = { type: 'bool', value: this.boolValue };
        break;
      }
      case VALUE_INT: {
        const low = this.intLow;
        const high = this.intHigh;
        // Most ints fit 32 bits: their text needs no bigint.
        if (high === 0 || (high === -1 && low < 0)) {
          const text = String(high === 0 ? low >>> 0 : low);
          writer.ascii(text);
          this.hashes.push(tagHashOf(state, text));
        } else {
          const int = int64Of(low, high);
          const text = int.toString();
          writer.ascii(int <= SAFE && int >= -SAFE ? text : `{"i":"${text}"}`);
          this.hashes.push(tagHashOf(state, text));
        }
        if (special >= 0) value = { type: 'int', value: int64Of(low, high) };
        break;
      }
      case VALUE_DOUBLE:
        writer.ascii(doubleText(this.doubleValue));
        this.hashes.push(tagHashOf(state, String(this.doubleValue)));
        if (special >= 0) value = { type: 'double', value: this.doubleValue };
        break;
      case VALUE_OBJECT: {
        value = capValue(this.objectValue, this.limits);
        writer.write(compactValueText(value));
        const text = valueText(value);
        if (text !== undefined) this.hashes.push(tagHashOf(state, text));
        break;
      }
      default:
        writer.ascii('null');
        value = { type: 'empty' };
    }
    if (special >= 0) {
      this.specialSeen[special] = true;
      this.special[special] = value;
    }
  }

  /** An AnyValue message ending at `end`: the attribute's value state. */
  private value(reader: Reader, end: number): void {
    const start = reader.pos;
    this.valueType = VALUE_NONE;
    while (reader.pos < end) {
      const tag = reader.uint32();
      switch (tag >>> 3) {
        case 1:
          wire(tag, BYTES);
          this.valueEnd = fieldEnd(reader);
          this.valueStart = reader.pos;
          reader.pos = this.valueEnd;
          this.valueType = VALUE_STRING;
          break;
        case 2:
          wire(tag, VARINT);
          this.boolValue = reader.bool();
          this.valueType = VALUE_BOOL;
          break;
        case 3: {
          wire(tag, VARINT);
          const int = reader.int64() as unknown as { low: number; high: number };
          this.intLow = int.low;
          this.intHigh = int.high;
          this.valueType = VALUE_INT;
          break;
        }
        case 4:
          wire(tag, FIXED64);
          this.doubleValue = reader.double();
          this.valueType = VALUE_DOUBLE;
          break;
        case 5:
        case 6:
        case 7:
          // Lists, maps and bytes are rare: the object decoder reads the whole value.
          reader.pos = start;
          this.objectValue = anyValue(reader, end, 0);
          this.valueType = VALUE_OBJECT;
          return;
        default:
          reader.skipType(tag & 7);
      }
    }
  }
}

/** The signed 64-bit int of a varint's two 32-bit halves. */
const int64Of = (low: number, high: number) =>
  BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0));

/** A row's span for span metrics; the envelope sets its final resource and scope. */
type SpannedRow = SpanSummary & { scope: ScopeData };

/** What the envelope keeps for a span that was not taken (it sets its resource and scope). */
const REJECTED = { resource: undefined, scope: undefined } as unknown as SpannedRow;
