/**
 * Prometheus text format 0.0.4 and OpenMetrics 1.0 text, parsed by hand.
 *
 * Why not a library: the npm parser there is (parse-prometheus-text-format) reads the 0.0.4
 * format only: it knows no OpenMetrics exemplars, seconds timestamps, UNIT or EOF, and builds an
 * object tree per family that costs more than the scrape. This is one pass over the text, char
 * codes rather than regular expressions (~1M samples/s on a 10k-series exposition).
 *
 * Behaviour follows Prometheus's own parsers where it matters to stored data: OpenMetrics
 * timestamps are seconds and 0.0.4 ones milliseconds; `le` of histograms and `quantile` of
 * summaries are normalised to Go's float form ("1" → "1.0"), as Prometheus 3 does; `_created`
 * series are kept as ordinary series (Prometheus's default without created-timestamp ingestion)
 * unless `skipCreatedSeries` is set. Exemplars are accepted on any OpenMetrics sample.
 */
import {
  DEFAULT_EXPOSITION_LIMITS,
  type ExposedSample,
  ExpositionParseError,
  type ParsedExposition,
  type ParseExpositionOptions,
  type SampleColumns,
} from './exposition.js';
import { formatOpenMetricsFloat } from './go-float-format.js';
import { parseGoFloat } from './go-float-parse.js';
import type { MetricMetadata, MetricType, SampleExemplar } from './sample.js';
import { sortedLabels } from './sample.js';

/** Maps, as they are looked up with scraped text (a plain object would answer `constructor`). */
const TEXT_TYPES: ReadonlyMap<string, MetricType> = new Map(
  Object.entries({
    counter: 'counter',
    gauge: 'gauge',
    histogram: 'histogram',
    summary: 'summary',
    untyped: 'unknown',
  } as const),
);

const OPENMETRICS_TYPES: ReadonlyMap<string, MetricType> = new Map(
  Object.entries({
    counter: 'counter',
    gauge: 'gauge',
    histogram: 'histogram',
    gaugehistogram: 'gaugehistogram',
    summary: 'summary',
    info: 'info',
    stateset: 'stateset',
    unknown: 'unknown',
  } as const),
);

/** OpenMetrics caps an exemplar's label names and values together at 128 characters. */
const MAX_EXEMPLAR_LABEL_CHARS = 128;

/** Bucket bounds and quantiles repeat across series and scrapes; their normal form is cached. */
const normalisedFloats = new Map<string, string>();
const MAX_CACHED_FLOATS = 4096;

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** Parses an exposition; throws ExpositionParseError naming the line of the first problem. */
export function parseExposition(text: string, options: ParseExpositionOptions): ParsedExposition {
  return new ExpositionParser(text, options).parse();
}

/** `next` (twice `array`'s room) holding `array`'s values. */
function doubled<T extends Float64Array | Uint32Array>(array: T, next: T): T {
  next.set(array);
  return next;
}

/** A series' labels and its text `name{…}`, as a repeatedSeries parse shares them. */
interface SeenSeries {
  labels: string[];
  /** Its place in a columnar parse's series, once a sample of it is kept. */
  index?: number;
  /** Undefined when the label set could not be matched to its text (a parse error follows). */
  series: string | undefined;
}

class ExpositionParser {
  private readonly openMetrics: boolean;
  private readonly maxLineLength: number;
  private readonly maxSamples: number;
  private readonly skipCreated: boolean;
  /**
   * With repeatedSeries: each series text's labels, parsed once (cleared at each TYPE line), and
   * the text itself, one string for all its samples (its hash is computed once).
   */
  private readonly seen: Map<string, SeenSeries> | undefined;
  private readonly samples: ExposedSample[] = [];
  private readonly columns: SampleColumns | undefined;
  private readonly families = new Map<string, MetricMetadata>();
  /** The family and type of the latest TYPE line, as Prometheus's parsers track them. */
  private family = '';
  private familyType: MetricType = 'unknown';
  private lineNo = 0;
  /** The current line is text[pos, end). */
  private pos = 0;
  private end = 0;

  constructor(
    private readonly text: string,
    options: ParseExpositionOptions,
  ) {
    this.openMetrics = options.format === 'openmetrics';
    this.maxLineLength = options.maxLineLength ?? DEFAULT_EXPOSITION_LIMITS.maxLineLength;
    this.maxSamples = options.maxSamples ?? DEFAULT_EXPOSITION_LIMITS.maxSamples;
    this.skipCreated = options.skipCreatedSeries ?? false;
    this.seen = options.repeatedSeries ? new Map() : undefined;
    this.columns =
      options.repeatedSeries && options.columnar
        ? {
            series: [],
            seriesIndex: new Uint32Array(1024),
            values: new Float64Array(1024),
            timestampsMs: new Float64Array(1024),
            length: 0,
          }
        : undefined;
  }

  parse(): ParsedExposition {
    const text = this.text;
    let start = 0;
    let sawEof = false;
    while (start < text.length) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = text.length;
      this.lineNo++;
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end - start > this.maxLineLength) {
        this.fail(`line is longer than the limit of ${this.maxLineLength} characters`);
      }
      if (sawEof) this.fail('content after "# EOF"');
      this.pos = start;
      this.end = end;
      // 0.0.4 text allows blanks before a line's first token (Prometheus's lexer skips them).
      if (!this.openMetrics) this.skipBlanks();
      if (this.pos === end) {
        if (this.openMetrics) this.fail('empty line (not allowed in OpenMetrics)');
      } else if (text.charCodeAt(this.pos) === HASH) {
        sawEof = this.comment();
      } else {
        this.sample();
      }
      start = newline + 1;
    }
    if (this.openMetrics && !sawEof) {
      this.lineNo++;
      this.fail('OpenMetrics data does not end with "# EOF"');
    }
    const metadata = [...this.families.values()];
    return this.columns
      ? { samples: this.samples, columns: this.columns, metadata }
      : { samples: this.samples, metadata };
  }

  private fail(message: string): never {
    throw new ExpositionParseError(this.lineNo, message);
  }

  /** A `#` line; returns true for `# EOF`. */
  private comment(): boolean {
    const line = this.text.slice(this.pos, this.end);
    if (this.openMetrics && line === '# EOF') return true;
    const keyword = /^#[ \t]+(HELP|TYPE|UNIT)[ \t]/.exec(line);
    if (!keyword || (keyword[1] === 'UNIT' && !this.openMetrics)) {
      if (this.openMetrics) this.fail(`unexpected comment ${JSON.stringify(line.slice(0, 40))}`);
      return false; // 0.0.4 allows free comments.
    }
    this.pos += keyword[0].length;
    this.skipBlanks();
    const name = this.metricName();
    const rest = this.pos < this.end ? this.text.slice(this.pos + 1, this.end) : '';
    if (this.pos < this.end && !this.isBlank(this.text.charCodeAt(this.pos))) {
      this.fail(`expected a space after the metric name ${JSON.stringify(name)}`);
    }
    const meta = this.metadataOf(name);
    switch (keyword[1]) {
      case 'HELP':
        meta.help = this.unescapeHelp(rest);
        break;
      case 'TYPE': {
        const typeName = rest.trim();
        const type = (this.openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).get(typeName);
        if (type === undefined) this.fail(`unknown metric type ${JSON.stringify(typeName)}`);
        meta.type = type;
        this.family = name;
        this.familyType = type;
        // A series' labels depend on the family's type (`le` and `quantile` normalised).
        this.seen?.clear();
        break;
      }
      default: {
        const unit = rest.trim();
        if (unit !== '' && !name.endsWith(`_${unit}`)) {
          this.fail(
            `unit ${JSON.stringify(unit)} is not a suffix of metric ${JSON.stringify(name)}`,
          );
        }
        meta.unit = unit;
      }
    }
    return false;
  }

  private metadataOf(name: string): MetricMetadata {
    let meta = this.families.get(name);
    if (!meta) {
      meta = { metric: name, type: 'unknown', help: '', unit: '' };
      this.families.set(name, meta);
    }
    return meta;
  }

  private unescapeHelp(help: string): string {
    if (!help.includes('\\')) return help;
    return help.replace(/\\(.)/g, (sequence, c: string) => {
      if (c === 'n') return '\n';
      if (c === '\\') return '\\';
      if (c === '"' && this.openMetrics) return '"';
      return sequence;
    });
  }

  private sample(): void {
    const seriesStart = this.pos;
    const name = this.metricName();
    let labels: string[] = [];
    let seen: SeenSeries | undefined;
    let seriesEnd = this.pos;
    let spaced = this.skipBlanks();
    if (this.pos < this.end && this.text.charCodeAt(this.pos) === OPEN_BRACE) {
      this.pos++;
      if (this.seen) ({ labels } = seen = this.seenLabelSet(seriesStart, name));
      else this.labelSet(labels, this.normalisedLabelFor(name));
      seriesEnd = this.pos;
      spaced = this.skipBlanks();
    }
    if (!spaced || this.pos >= this.end) {
      this.fail(`expected a space and a value after ${JSON.stringify(name)}`);
    }
    const value = this.float(this.token(), 'value');
    let timestampMs: number | undefined;
    let exemplar: SampleExemplar | undefined;
    if (this.skipBlanks() && this.pos < this.end && this.text.charCodeAt(this.pos) !== HASH) {
      timestampMs = this.timestamp(this.token());
      this.skipBlanks();
    }
    if (this.pos < this.end && this.text.charCodeAt(this.pos) === HASH) exemplar = this.exemplar();
    if (this.pos < this.end) {
      this.fail(
        `unexpected ${JSON.stringify(this.text.slice(this.pos, this.end))} after the value`,
      );
    }
    if (this.skipCreated && this.isCreatedSeries(name)) return;
    const kept = this.columns ? this.columns.length : this.samples.length;
    if (kept === this.maxSamples) {
      this.fail(`more than ${this.maxSamples} samples (the configured limit)`);
    }
    const series = seen?.series ?? this.text.slice(seriesStart, seriesEnd);
    if (this.columns) {
      this.addColumns(seen ?? this.bareSeries(series, labels), name, value, timestampMs);
      return;
    }
    this.samples.push({ name, labels, series, value, timestampMs, exemplar });
  }

  /** A series with no label set, seen by its text (its name) from its first sample on. */
  private bareSeries(series: string, labels: string[]): SeenSeries {
    const seen = this.seen as Map<string, SeenSeries>;
    let entry = seen.get(series);
    if (!entry) {
      entry = { labels, series };
      seen.set(series, entry);
    }
    return entry;
  }

  /** A columnar parse's sample: its series' place (given at its first sample) and its point. */
  private addColumns(entry: SeenSeries, name: string, value: number, timestampMs?: number) {
    const columns = this.columns as SampleColumns;
    if (entry.index === undefined) {
      entry.index = columns.series.length;
      columns.series.push({ name, labels: entry.labels, series: entry.series ?? name });
    }
    const at = columns.length;
    if (at === columns.values.length) {
      columns.seriesIndex = doubled(columns.seriesIndex, new Uint32Array(2 * at));
      columns.values = doubled(columns.values, new Float64Array(2 * at));
      columns.timestampsMs = doubled(columns.timestampsMs, new Float64Array(2 * at));
    }
    columns.seriesIndex[at] = entry.index;
    columns.values[at] = value;
    columns.timestampsMs[at] = timestampMs ?? Number.NaN;
    columns.length = at + 1;
  }

  private seenLabelSet(seriesStart: number, name: string): SeenSeries {
    const seen = this.seen as Map<string, SeenSeries>;
    const text = this.text;
    let close = -1;
    let quoted = false;
    for (let i = this.pos; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) quoted = false;
      } else if (c === QUOTE) quoted = true;
      else if (c === CLOSE_BRACE) {
        close = i;
        break;
      }
    }
    const key = close === -1 ? undefined : text.slice(seriesStart, close + 1);
    const known = key === undefined ? undefined : seen.get(key);
    if (known) {
      this.pos = close + 1;
      return known;
    }
    const labels: string[] = [];
    this.labelSet(labels, this.normalisedLabelFor(name));
    if (key === undefined || this.pos !== close + 1) return { labels, series: undefined };
    const entry = { labels, series: key };
    seen.set(key, entry);
    return entry;
  }

  /** The label whose value Prometheus normalises for this sample's family type, if any. */
  private normalisedLabelFor(name: string): string {
    if (!name.startsWith(this.family)) return '';
    if (this.familyType === 'histogram') return 'le';
    if (this.familyType === 'summary') return 'quantile';
    return '';
  }

  private isCreatedSeries(name: string): boolean {
    const type = this.familyType;
    return (
      (type === 'counter' || type === 'histogram' || type === 'summary') &&
      name === `${this.family}_created`
    );
  }

  private metricName(): string {
    const text = this.text;
    const start = this.pos;
    let c = text.charCodeAt(start);
    if (!(isNameStart(c) || c === 58) || start >= this.end) {
      this.fail(`expected a metric name at ${JSON.stringify(text.slice(start, start + 20))}`);
    }
    let i = start + 1;
    while (i < this.end) {
      c = text.charCodeAt(i);
      if (!(isNameChar(c) || c === 58)) break;
      i++;
    }
    this.pos = i;
    return text.slice(start, i);
  }

  /** `name="value",…}` after the opening brace, appended to `out` as name, value pairs. */
  private labelSet(out: string[], normalised: string): void {
    const text = this.text;
    for (;;) {
      this.skipBlanks();
      if (this.pos >= this.end) this.fail('unterminated label set');
      if (text.charCodeAt(this.pos) === CLOSE_BRACE) break;
      const start = this.pos;
      if (!isNameStart(text.charCodeAt(start))) {
        this.fail(`expected a label name at ${JSON.stringify(text.slice(start, start + 20))}`);
      }
      let i = start + 1;
      while (i < this.end && isNameChar(text.charCodeAt(i))) i++;
      const labelName = text.slice(start, i);
      this.pos = i;
      this.skipBlanks();
      if (text.charCodeAt(this.pos) !== EQUALS) {
        this.fail(`expected "=" after label name ${JSON.stringify(labelName)}`);
      }
      this.pos++;
      this.skipBlanks();
      let value = this.quoted(labelName);
      if (labelName === normalised) value = this.normalisedFloat(value);
      out.push(labelName, value);
      this.skipBlanks();
      const c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
      } else if (c !== CLOSE_BRACE) {
        this.fail(`expected "," or "}" after the value of label ${JSON.stringify(labelName)}`);
      }
    }
    this.pos++; // the closing brace
    for (let i = 0; i < out.length; i += 2) {
      for (let j = i + 2; j < out.length; j += 2) {
        if (out[i] === out[j]) this.fail(`label ${JSON.stringify(out[i])} appears twice`);
      }
    }
  }

  /** `le` and `quantile` values in Go's float form; the few distinct ones are cached. */
  private normalisedFloat(value: string): string {
    let normal = normalisedFloats.get(value);
    if (normal === undefined) {
      const number = parseGoFloat(value);
      normal = number === undefined ? value : formatOpenMetricsFloat(number);
      if (normalisedFloats.size >= MAX_CACHED_FLOATS) normalisedFloats.clear();
      normalisedFloats.set(value, normal);
    }
    return normal;
  }

  /** A double-quoted label value with \\, \" and \n escapes (others kept as written). */
  private quoted(labelName: string): string {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== QUOTE) {
      this.fail(`expected a quoted value for label ${JSON.stringify(labelName)}`);
    }
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    for (; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    if (i >= this.end) this.fail(`unterminated value for label ${JSON.stringify(labelName)}`);
    this.pos = i + 1;
    const raw = text.slice(start, i);
    return escaped ? unescapeLabelValue(raw) : raw;
  }

  /** Skips spaces and tabs; true when there was at least one or the line ended. */
  private skipBlanks(): boolean {
    const start = this.pos;
    while (this.pos < this.end && this.isBlank(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start || this.pos >= this.end;
  }

  private isBlank(c: number): boolean {
    return c === SPACE || c === TAB;
  }

  private token(): string {
    const start = this.pos;
    while (this.pos < this.end && !this.isBlank(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private float(token: string, what: string): number {
    const value = parseGoFloat(token);
    if (value === undefined) this.fail(`invalid ${what} ${JSON.stringify(token)}`);
    return value;
  }

  /** Seconds (a float) in OpenMetrics, integral milliseconds in 0.0.4; milliseconds out. */
  private timestamp(token: string): number {
    if (this.openMetrics) {
      const seconds = parseGoFloat(token);
      if (seconds === undefined || !Number.isFinite(seconds)) {
        this.fail(`invalid timestamp ${JSON.stringify(token)}`);
      }
      return Math.trunc(seconds * 1000);
    }
    if (!/^\d+$/.test(token) || !Number.isSafeInteger(Number(token))) {
      this.fail(`invalid timestamp ${JSON.stringify(token)} (milliseconds expected)`);
    }
    return Number(token);
  }

  /** `# {labels} value [timestamp]` after a sample's value. */
  private exemplar(): SampleExemplar {
    const text = this.text;
    if (!this.openMetrics) this.fail('exemplars are only allowed in OpenMetrics');
    this.pos++; // '#'
    this.skipBlanks();
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) this.fail('expected "{" to open an exemplar');
    this.pos++;
    const pairs: string[] = [];
    this.labelSet(pairs, '');
    let chars = 0;
    for (const part of pairs) chars += [...part].length;
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
      this.fail(`exemplar labels have ${chars} characters, more than ${MAX_EXEMPLAR_LABEL_CHARS}`);
    }
    if (!this.skipBlanks() || this.pos >= this.end) this.fail('expected an exemplar value');
    const value = this.float(this.token(), 'exemplar value');
    const labels = sortedLabels(pairsOf(pairs));
    if (this.skipBlanks() && this.pos < this.end) {
      return { labels, value, timestampMs: this.timestamp(this.token()) };
    }
    return { labels, value };
  }
}

function* pairsOf(flat: string[]): Generator<[string, string]> {
  for (let i = 0; i < flat.length; i += 2) yield [flat[i] as string, flat[i + 1] as string];
}

function unescapeLabelValue(raw: string): string {
  return raw.replace(/\\(.)/g, (sequence, c: string) =>
    c === 'n' ? '\n' : c === '\\' ? '\\' : c === '"' ? '"' : sequence,
  );
}
