/** What gRPC puts before each message: a compressed flag (1 byte) and the length (4 bytes). */
const PREFIX_BYTES = 5;

export interface MessagePrefix {
  compressed: boolean;
  /** The message's length on the wire (compressed, when it is). */
  bytes: number;
}

export interface MessageArrival {
  /** Bytes of the request's body arrived so far, prefix included. */
  readonly received: number;
  /** The first message's prefix, once its 5 bytes are in. */
  readonly prefix: MessagePrefix | undefined;
  /** Whether the first message is all in. */
  readonly complete: boolean;
  /** Counts a DATA frame's bytes; returns the prefix when this chunk completes it. */
  push(chunk: Buffer): MessagePrefix | undefined;
}

/**
 * Follows the first message of a gRPC request as its DATA frames arrive, as grpc-js's decoder
 * does (an OTLP Export call carries one message), to learn its declared length before the rest
 * of it arrives and how much of it has.
 */
export function createMessageArrival(): MessageArrival {
  const head = Buffer.alloc(PREFIX_BYTES);
  let received = 0;
  let prefix: MessagePrefix | undefined;
  return {
    get received() {
      return received;
    },
    get prefix() {
      return prefix;
    },
    get complete() {
      return prefix !== undefined && received >= PREFIX_BYTES + prefix.bytes;
    },
    push(chunk) {
      const before = received;
      received += chunk.length;
      if (before >= PREFIX_BYTES) return undefined;
      chunk.copy(head, before, 0, PREFIX_BYTES - before);
      if (received < PREFIX_BYTES) return undefined;
      prefix = { compressed: head[0] === 1, bytes: head.readUInt32BE(1) };
      return prefix;
    },
  };
}
