/** A `promtool test rules` file, as cmd/promtool/unittest.go reads it (durations in ms). */

export interface UnitTestFile {
  ruleFiles: string[];
  /** 0 when unset: the runner then uses one minute, as promtool does. */
  evaluationIntervalMs: number;
  groupEvalOrder: string[];
  tests: TestGroup[];
  /** Prometheus 3.5+: floats one step apart (nextafter) compare equal. */
  fuzzyCompare: boolean;
}

export interface TestGroup {
  /** The input series' step; 0 when unset (the runner then uses evaluation_interval, as Prometheus 3). */
  intervalMs: number;
  inputSeries: InputSeries[];
  alertRuleTests: AlertTestCase[];
  promqlExprTests: PromqlTestCase[];
  /** Name-sorted pairs, as labels.Labels holds them. */
  externalLabels: [string, string][];
  externalUrl: string;
  name: string;
  /** Prometheus 3.9+: where the test's time 0 is (ms since the epoch); 0 when unset. */
  startTimestampMs: number;
}

export interface InputSeries {
  /** `metric{label="value"}` */
  series: string;
  /** The expanding notation: `1+2x3 _ stale`. */
  values: string;
}

export interface AlertTestCase {
  evalTimeMs: number;
  alertname: string;
  expAlerts: ExpectedAlert[];
}

export interface ExpectedAlert {
  /** Pairs in file order; null when the file leaves exp_labels out (Go's nil map). */
  expLabels: [string, string][] | null;
  expAnnotations: [string, string][] | null;
}

export interface PromqlTestCase {
  expr: string;
  evalTimeMs: number;
  expSamples: ExpectedSample[];
}

export interface ExpectedSample {
  labels: string;
  value: number;
}
