import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { encodeExportResponse, encodeRpcStatus, RpcCode } from './index.js';

// The official exporters must read what we answer: their own deserializers are the judge.
test('protobuf partial success reads back in the official deserializers', () => {
  const traces = ProtobufTraceSerializer.deserializeResponse(
    encodeExportResponse('traces', 3, 'span "x": trace id must be 16 bytes', 'protobuf'),
  );
  assert.equal(Number(traces.partialSuccess?.rejectedSpans), 3);
  assert.equal(traces.partialSuccess?.errorMessage, 'span "x": trace id must be 16 bytes');
  const logs = ProtobufLogsSerializer.deserializeResponse(
    encodeExportResponse('logs', 1, 'bad', 'protobuf'),
  );
  assert.equal(Number(logs.partialSuccess?.rejectedLogRecords), 1);
  const metrics = ProtobufMetricsSerializer.deserializeResponse(
    encodeExportResponse('metrics', 7, 'no name', 'protobuf'),
  );
  assert.equal(Number(metrics.partialSuccess?.rejectedDataPoints), 7);
});

test('JSON partial success, and full success as an empty message', () => {
  const traces = JsonTraceSerializer.deserializeResponse(
    encodeExportResponse('traces', 2, 'why', 'json'),
  );
  assert.equal(Number(traces.partialSuccess?.rejectedSpans), 2);
  assert.equal(Buffer.from(encodeExportResponse('logs', 0, '', 'json')).toString(), '{}');
  assert.equal(encodeExportResponse('traces', 0, '', 'protobuf').length, 0);
  assert.deepEqual(
    JsonLogsSerializer.deserializeResponse(encodeExportResponse('logs', 0, '', 'json')),
    {},
  );
});

test('google.rpc.Status bodies', () => {
  assert.deepEqual(
    JSON.parse(Buffer.from(encodeRpcStatus(RpcCode.INVALID_ARGUMENT, 'bad', 'json')).toString()),
    {
      code: 3,
      message: 'bad',
    },
  );
  // code 3 (field 1, varint) then "bad" (field 2, length 3).
  assert.deepEqual(
    [...encodeRpcStatus(3, 'bad', 'protobuf')],
    [0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64],
  );
});

test('a Status that asks the client to retry later carries a google.rpc.RetryInfo', () => {
  const typeUrl = [...Buffer.from('type.googleapis.com/google.rpc.RetryInfo')];
  // RetryInfo{retry_delay (1): Duration{seconds (1): 1}}, wrapped in Any{type_url (1), value (2)}
  // as details (field 3) of the Status.
  const retryInfo = [0x0a, 0x02, 0x08, 0x01];
  const any = [0x0a, typeUrl.length, ...typeUrl, 0x12, retryInfo.length, ...retryInfo];
  assert.deepEqual(
    [...encodeRpcStatus(RpcCode.UNAVAILABLE, 'busy', 'protobuf', 1)],
    [0x08, 0x0e, 0x12, 0x04, ...Buffer.from('busy'), 0x1a, any.length, ...any],
  );
  assert.deepEqual(JSON.parse(Buffer.from(encodeRpcStatus(14, 'busy', 'json', 1)).toString()), {
    code: 14,
    message: 'busy',
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }],
  });
});
