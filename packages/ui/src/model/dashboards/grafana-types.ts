/** The parts of Grafana's dashboard JSON the UI reads; everything else in a file is ignored. */
export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Threshold {
  value: number | null;
  color: string;
}

export interface PanelTarget {
  refId?: string;
  datasource?: DataSourceRef | string | null;
  expr?: string;
  legendFormat?: string;
  exemplar?: boolean;
  instant?: boolean;
  queryType?: string;
  service?: string;
  limit?: number;
  /** "heatmap" on a heatmap panel's classic _bucket query: its le series are the buckets. */
  format?: string;
}

export interface Panel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  gridPos?: Partial<GridPos>;
  datasource?: DataSourceRef | string | null;
  targets?: PanelTarget[];
  fieldConfig?: {
    defaults?: {
      unit?: string;
      min?: number;
      max?: number;
      decimals?: number;
      thresholds?: { mode?: string; steps?: Threshold[] };
    };
  };
  panels?: Panel[];
}

export interface TemplateVariable {
  name: string;
  label?: string;
  type?: string;
  query?: string | { query?: string };
  definition?: string;
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: { text?: string; value?: string }[];
}

export interface Dashboard {
  uid?: string;
  title?: string;
  description?: string;
  refresh?: string;
  time?: { from?: string; to?: string };
  templating?: { list?: TemplateVariable[] };
  panels?: Panel[];
}

/** One entry of GET /api/dashboards. */
export interface DashboardEntry {
  file: string;
  uid?: string;
  title?: string;
  panels?: number;
  error?: string;
}
