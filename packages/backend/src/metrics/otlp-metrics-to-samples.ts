/**
 * Decoded OTLP metrics → Prometheus series, as Prometheus 3's OTLP receiver translates them with
 * its defaults (storage/remote/otlptranslator/prometheusremotewrite):
 *
 * - names and label names per otlp-metric-name.ts and otlp-label-name.ts; attributes whose names
 *   collide after sanitising are joined with ";" in key order; empty values are dropped;
 * - job = service.namespace/service.name (or service.name), instance = service.instance.id, set
 *   over any attribute of the same name;
 * - gauge and sum points one series each (exemplars kept on sums, as Prometheus does); histograms
 *   as cumulative `_bucket{le}` (le in Go's 'f' float form), `_sum` (when set) and `_count`, the
 *   exemplars placed in the first bucket whose bound holds them; summaries as `{quantile}`,
 *   `_sum` and `_count`;
 * - points flagged "no recorded value" become StaleNaN;
 * - delta temporality is rejected per metric with Prometheus's message (its default; delta
 *   ingestion is an opt-in feature there);
 * - exponential histograms as native-histogram samples, one series under the metric's name (no
 *   _bucket, _count or _sum), exemplars kept; delta ones as gauge histograms (metadata
 *   `gaugehistogram`), cumulative ones with reset hint `unknown` (otlp-native-histogram.ts);
 *   a point that cannot be stored (scale below -4, too many buckets, invalid) is refused and
 *   counted with its reason;
 * - target_info{job, instance, other resource attributes} = 1 from the earliest to the latest
 *   point of the resource, every half lookback (2m30s) and at the latest, when the resource has
 *   attributes beyond the identifying three (at most 100 samples, the latest ones).
 */
import type { Exemplar, KeyValue, MetricData, ResourceData } from '@otel-lab/otlp';
import { formatGoFloatF } from './go-float-format.js';
import { attributeValueText } from './otlp-attribute-value.js';
import { otlpLabelName } from './otlp-label-name.js';
import { type OtlpNameKind, otlpMetricName, otlpUnitName } from './otlp-metric-name.js';
import { nativeHistogramOf } from './otlp-native-histogram.js';
import type { Labels, MetricType, SampleBatch, SampleExemplar } from './sample.js';
import { compareCodeUnits, seriesKey } from './sample.js';
import { SampleBatchBuilder } from './sample-batch-builder.js';

export interface OtlpTranslateOptions {
  /** PromQL's lookback delta; target_info is repeated every half of it. Default 5m. */
  lookbackDeltaMs?: number;
}

export interface OtlpTranslation {
  batch: SampleBatch;
  /** Metrics or points left out, and why (Prometheus returns these as a partial success). */
  warnings: string[];
  /** Points not stored: rejected metrics, refused histogram points, unnameable attributes. */
  droppedPoints: number;
}

const DELTA = 1;
const CUMULATIVE = 2;
const MAX_EXEMPLAR_LABEL_CHARS = 128;
const IDENTIFYING = ['service.namespace', 'service.name', 'service.instance.id'];
/** At most this many target_info samples per resource and request (100 × 2m30s ≈ 4 h). */
const MAX_TARGET_INFO_SAMPLES = 100;

interface ResourceContext {
  job: string;
  instance: string;
  earliestMs: number;
  latestMs: number;
}

export function translateOtlpMetrics(
  metrics: readonly MetricData[],
  options: OtlpTranslateOptions = {},
): OtlpTranslation {
  const translator = new Translator(options.lookbackDeltaMs ?? 300_000);
  const byResource = new Map<ResourceData, MetricData[]>();
  for (const metric of metrics) {
    const group = byResource.get(metric.resource);
    if (group) group.push(metric);
    else byResource.set(metric.resource, [metric]);
  }
  for (const [resource, group] of byResource) translator.resource(resource, group);
  return {
    batch: translator.builder.build(),
    warnings: translator.warnings,
    droppedPoints: translator.dropped,
  };
}

const nsToMs = (ns: bigint): number => Number(ns / 1_000_000n);

class Translator {
  readonly builder = new SampleBatchBuilder(256);
  readonly warnings: string[] = [];
  dropped = 0;
  private readonly families = new Set<string>();
  private readonly targetInfoSeen = new Set<string>();

  constructor(private readonly lookbackDeltaMs: number) {}

  resource(resource: ResourceData, metrics: MetricData[]): void {
    const context = resourceContext(resource);
    for (const metric of metrics) {
      for (const point of metric.points) {
        const ms = nsToMs(point.timeUnixNano);
        context.earliestMs = Math.min(context.earliestMs, ms);
        context.latestMs = Math.max(context.latestMs, ms);
      }
      this.metric(metric, context);
    }
    if (context.earliestMs <= context.latestMs) this.targetInfo(resource, context);
  }

  private warn(message: string, points: number): void {
    this.warnings.push(message);
    this.dropped += points;
  }

  private metric(metric: MetricData, context: ResourceContext): void {
    const count = metric.points.length;
    if ('temporality' in metric && metric.temporality !== CUMULATIVE && !gaugeHistogram(metric)) {
      this.warn(
        `invalid temporality and type combination for metric ${JSON.stringify(metric.name)}`,
        count,
      );
      return;
    }
    const built = otlpMetricName(metric.name, metric.unit, nameKindOf(metric));
    if ('error' in built) {
      this.warn(built.error, count);
      return;
    }
    const name = built.name;
    if (count === 0) {
      this.warnings.push(`empty data points. ${metric.name} is dropped`);
      return;
    }
    if (!this.families.has(name)) {
      this.families.add(name);
      this.builder.addMetadata({
        metric: name,
        type: metadataTypeOf(metric),
        help: metric.description,
        unit: otlpUnitName(metric.unit),
      });
    }
    switch (metric.type) {
      case 'gauge':
      case 'sum':
        for (const point of metric.points) {
          const base = this.baseLabels(point.attributes, context, metric.name);
          if (!base) continue;
          const exemplars = metric.type === 'sum' ? exemplarsOf(point.exemplars) : undefined;
          const stale = (point.flags & 1) === 1;
          this.add(
            withLabels(base, name),
            nsToMs(point.timeUnixNano),
            point.value,
            stale,
            exemplars,
          );
        }
        break;
      case 'histogram':
        for (const point of metric.points) {
          const base = this.baseLabels(point.attributes, context, metric.name);
          if (!base) continue;
          const ms = nsToMs(point.timeUnixNano);
          const stale = (point.flags & 1) === 1;
          const plain = new PointLabels(base);
          const bucket = new PointLabels(base, 'le');
          if (point.sum !== undefined) this.add(plain.of(`${name}_sum`), ms, point.sum, stale);
          this.add(plain.of(`${name}_count`), ms, Number(point.count), stale);
          const exemplars = exemplarsOf(point.exemplars) ?? [];
          exemplars.sort((a, b) => a.value - b.value);
          let next = 0;
          let cumulative = 0n;
          const buckets = Math.min(point.explicitBounds.length, point.bucketCounts.length);
          for (let i = 0; i < buckets; i++) {
            const bound = point.explicitBounds[i] as number;
            cumulative += point.bucketCounts[i] as bigint;
            const start = next;
            while (next < exemplars.length && (exemplars[next] as SampleExemplar).value <= bound)
              next++;
            const labels = bucket.of(`${name}_bucket`, floatText(bound));
            this.add(labels, ms, Number(cumulative), stale, exemplars.slice(start, next));
          }
          const inf = bucket.of(`${name}_bucket`, '+Inf');
          this.add(inf, ms, Number(point.count), stale, exemplars.slice(next));
        }
        break;
      case 'exponentialHistogram':
        for (const point of metric.points) {
          const base = this.baseLabels(point.attributes, context, metric.name);
          if (!base) continue;
          const converted = nativeHistogramOf(point, metric.temporality);
          if (!converted.ok) {
            this.warn(
              `metric ${JSON.stringify(metric.name)}: ${converted.error}; point dropped`,
              1,
            );
            continue;
          }
          this.warnings.push(...converted.warnings);
          const labels = withLabels(base, name);
          const ms = nsToMs(point.timeUnixNano);
          if (converted.stale) this.builder.addStale(labels, ms);
          else {
            const exemplars = exemplarsOf(point.exemplars);
            this.builder.addHistogram(labels, ms, converted.histogram, exemplars);
          }
        }
        break;
      case 'summary':
        for (const point of metric.points) {
          const base = this.baseLabels(point.attributes, context, metric.name);
          if (!base) continue;
          const ms = nsToMs(point.timeUnixNano);
          const stale = (point.flags & 1) === 1;
          const plain = new PointLabels(base);
          const quantile = new PointLabels(base, 'quantile');
          this.add(plain.of(`${name}_sum`), ms, point.sum, stale);
          this.add(plain.of(`${name}_count`), ms, Number(point.count), stale);
          for (const q of point.quantileValues) {
            const labels = quantile.of(name, floatText(q.quantile));
            this.add(labels, ms, q.value, stale);
          }
        }
        break;
    }
  }

  private add(
    labels: Labels,
    ms: number,
    value: number,
    stale: boolean,
    exemplars?: SampleExemplar[],
  ): void {
    if (stale) this.builder.addStale(labels, ms);
    else this.builder.add(labels, ms, value, exemplars);
  }

  /** A point's labels without __name__, or undefined (counted) when an attribute has no name. */
  private baseLabels(
    attributes: KeyValue[],
    context: ResourceContext,
    metricName: string,
  ): Map<string, string> | undefined {
    const labels = attributeLabels(attributes, []);
    if (typeof labels === 'string') {
      this.warn(`metric ${JSON.stringify(metricName)}: ${labels}; point dropped`, 1);
      return undefined;
    }
    if (context.job !== '') labels.set('job', context.job);
    if (context.instance !== '') labels.set('instance', context.instance);
    return labels;
  }

  private targetInfo(resource: ResourceData, context: ResourceContext): void {
    const keys = new Set(resource.attributes.map((kv) => kv.key));
    if (![...keys].some((key) => !IDENTIFYING.includes(key))) return;
    const labels = attributeLabels(resource.attributes, IDENTIFYING);
    if (typeof labels === 'string') {
      this.warnings.push(`target_info: ${labels}; not written`);
      return;
    }
    if (context.job !== '') labels.set('job', context.job);
    if (context.instance !== '') labels.set('instance', context.instance);
    if (!labels.has('job') && !labels.has('instance')) return;
    const series = withLabels(labels, 'target_info');
    const key = seriesKey(series);
    if (!this.families.has('target_info')) {
      this.families.add('target_info');
      this.builder.addMetadata({
        metric: 'target_info',
        type: 'gauge',
        help: 'Target metadata',
        unit: '',
      });
    }
    const step = this.lookbackDeltaMs / 2;
    const times: number[] = [];
    // Bounded where Prometheus is not: a point stamped 1970 next to one stamped today would
    // otherwise ask for millions of samples. Only the latest stretch is written.
    const first = Math.max(
      context.earliestMs,
      context.latestMs - (MAX_TARGET_INFO_SAMPLES - 1) * step,
    );
    for (let t = first; t < context.latestMs; t += step) times.push(t);
    times.push(context.latestMs);
    for (const t of times) {
      const seen = `${key}@${t}`;
      if (this.targetInfoSeen.has(seen)) continue;
      this.targetInfoSeen.add(seen);
      this.builder.add(series, t, 1);
    }
  }
}

function resourceContext(resource: ResourceData): ResourceContext {
  let name: string | undefined;
  let namespace: string | undefined;
  let instance = '';
  for (const { key, value } of resource.attributes) {
    if (key === 'service.name') name = attributeValueText(value);
    else if (key === 'service.namespace') namespace = attributeValueText(value);
    else if (key === 'service.instance.id') instance = attributeValueText(value);
  }
  const job = name === undefined ? '' : namespace === undefined ? name : `${namespace}/${name}`;
  return {
    job,
    instance,
    earliestMs: Number.POSITIVE_INFINITY,
    latestMs: Number.NEGATIVE_INFINITY,
  };
}

/**
 * Attributes as label names and values, sorted by key so that colliding names join their values
 * with ";" in a stable order; an error text when a key cannot become a label name.
 */
function attributeLabels(attributes: KeyValue[], ignore: string[]): Map<string, string> | string {
  const sorted = attributes
    .filter((kv) => kv.key !== '__name__' && !ignore.includes(kv.key))
    .sort((a, b) => compareCodeUnits(a.key, b.key));
  const labels = new Map<string, string>();
  for (const { key, value } of sorted) {
    const name = otlpLabelName(key);
    if (name === undefined) return `attribute ${JSON.stringify(key)} cannot be a label name`;
    const text = attributeValueText(value);
    const existing = labels.get(name);
    if (existing !== undefined && existing !== '') labels.set(name, `${existing};${text}`);
    else if (text !== '') labels.set(name, text);
  }
  return labels;
}

/**
 * The sorted label names of the series one point makes (base labels, __name__, maybe le or
 * quantile), sorted once and filled in per series: a histogram point makes a dozen series.
 */
class PointLabels {
  private readonly names: string[];

  constructor(
    private readonly base: Map<string, string>,
    private readonly extra?: string,
  ) {
    this.names = [...base.keys(), '__name__'];
    if (extra !== undefined) this.names.push(extra);
    this.names.sort(compareCodeUnits);
  }

  of(metricName: string, extraValue?: string): Labels {
    const labels: Record<string, string> = {};
    for (const n of this.names) {
      labels[n] =
        n === '__name__'
          ? metricName
          : n === this.extra
            ? (extraValue as string)
            : (this.base.get(n) as string);
    }
    return labels;
  }
}

/** The base labels with __name__, sorted. */
function withLabels(base: Map<string, string>, name: string): Labels {
  return new PointLabels(base).of(name);
}

/** Bounds and quantiles repeat from point to point; their Go 'f' text is cached. */
const floatTexts = new Map<number, string>();

function floatText(x: number): string {
  let text = floatTexts.get(x);
  if (text === undefined) {
    text = formatGoFloatF(x);
    if (floatTexts.size >= 4096) floatTexts.clear();
    floatTexts.set(x, text);
  }
  return text;
}

function exemplarsOf(exemplars: Exemplar[]): SampleExemplar[] | undefined {
  if (exemplars.length === 0) return undefined;
  return exemplars.map((exemplar) => {
    const pairs: [string, string][] = [];
    let chars = 0;
    if (exemplar.traceId !== '') pairs.push(['trace_id', exemplar.traceId]);
    if (exemplar.spanId !== '') pairs.push(['span_id', exemplar.spanId]);
    for (const [k, v] of pairs) chars += k.length + v.length;
    const extra = exemplar.attributes.map(
      (kv) => [kv.key, attributeValueText(kv.value)] as [string, string],
    );
    for (const [k, v] of extra) chars += [...k].length + [...v].length;
    // As Prometheus: the other attributes only when all fit OpenMetrics' 128-character cap.
    if (chars <= MAX_EXEMPLAR_LABEL_CHARS) pairs.push(...extra);
    pairs.sort((a, b) => compareCodeUnits(a[0], b[0]));
    // fromEntries keeps a label named __proto__, which assignment would drop.
    const labels: Record<string, string> = Object.fromEntries(pairs);
    const timestampMs = nsToMs(exemplar.timeUnixNano);
    const converted: SampleExemplar = { labels, value: exemplar.value };
    if (timestampMs !== 0) converted.timestampMs = timestampMs;
    return converted;
  });
}

/** Delta exponential histograms are stored as gauge histograms, as Prometheus's translator does. */
function gaugeHistogram(metric: MetricData): boolean {
  return metric.type === 'exponentialHistogram' && metric.temporality === DELTA;
}

function nameKindOf(metric: MetricData): OtlpNameKind {
  if (metric.type === 'gauge') return 'gauge';
  if (metric.type === 'sum' && metric.monotonic) return 'monotonic-counter';
  return 'other';
}

function metadataTypeOf(metric: MetricData): MetricType {
  switch (metric.type) {
    case 'gauge':
      return 'gauge';
    case 'sum':
      return metric.monotonic ? 'counter' : 'gauge';
    case 'summary':
      return 'summary';
    case 'exponentialHistogram':
      return metric.temporality === DELTA ? 'gaugehistogram' : 'histogram';
    default:
      return 'histogram';
  }
}
