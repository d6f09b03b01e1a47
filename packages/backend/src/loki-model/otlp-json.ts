/** The stored OTLP/JSON shapes (storage/otlp-json.ts writes them) that the Loki mapping reads. */
export interface OtlpJsonValue {
  stringValue?: string;
  boolValue?: boolean;
  /** A decimal string, as the OTLP JSON mapping writes 64-bit integers. */
  intValue?: string | number;
  /** A number, or "NaN", "Infinity", "-Infinity" for the values JSON has no number for. */
  doubleValue?: number | string;
  /** Standard base64. */
  bytesValue?: string;
  arrayValue?: { values?: OtlpJsonValue[] };
  kvlistValue?: { values?: OtlpJsonKeyValue[] };
}

export interface OtlpJsonKeyValue {
  key: string;
  value?: OtlpJsonValue;
}
