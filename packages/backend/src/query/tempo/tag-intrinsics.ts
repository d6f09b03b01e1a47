/**
 * The intrinsics Tempo's v2 tags answer names in its `intrinsic` scope (its search package's
 * virtual intrinsics), with `span:id` and `trace:id`, which TraceQL reads too; sorted as Tempo
 * answers names.
 */
export const TEMPO_INTRINSICS: readonly string[] = [
  'duration',
  'event:name',
  'event:timeSinceStart',
  'instrumentation:name',
  'instrumentation:version',
  'kind',
  'name',
  'rootName',
  'rootServiceName',
  'span:duration',
  'span:id',
  'span:kind',
  'span:name',
  'span:status',
  'span:statusMessage',
  'status',
  'statusMessage',
  'trace:duration',
  'trace:id',
  'trace:rootName',
  'trace:rootService',
  'traceDuration',
];

/** Tempo's fixed values of status and kind, typed `keyword` as its v2 answer has them. */
export const STATUS_VALUES = ['ok', 'error', 'unset'];
export const KIND_VALUES = ['client', 'server', 'producer', 'consumer', 'internal', 'unspecified'];
