/**
 * How every MCP tool answers: structured content for the agent's program, a short text for its
 * model, and a 32 KB cap on the JSON so one call never floods the agent's context. A capped
 * answer keeps the items that fit, says `truncated`, and says how to ask a narrower question.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';

/** The most JSON text (in UTF-16 units, close to bytes for this ASCII-heavy data) one answer holds. */
export const ANSWER_CAP = 32 * 1024;

export interface ListAnswer<T> {
  items: T[];
  total: number;
  truncated: boolean;
  narrow?: string;
}

/** The first items of `items` whose JSON fits the cap, with the count of all of them. */
export function capList<T>(items: readonly T[], narrow: string, cap = ANSWER_CAP): ListAnswer<T> {
  const kept: T[] = [];
  let size = 64 + narrow.length; // the envelope's own keys and the hint
  for (const item of items) {
    size += JSON.stringify(item).length + 1;
    if (size > cap) break;
    kept.push(item);
  }
  const truncated = kept.length < items.length;
  return truncated
    ? { items: kept, total: items.length, truncated, narrow }
    : { items: kept, total: items.length, truncated };
}

/** A tool result: `summary` as text, `content` as structured content. */
export function toolAnswer(summary: string, content: ListAnswer<unknown>): CallToolResult {
  const note = content.truncated
    ? ` (truncated to ${content.items.length}: ${content.narrow})`
    : '';
  return {
    content: [{ type: 'text', text: `${summary}${note}` }],
    structuredContent: { ...content },
  };
}

/** The output schema of a capped list of `item`. */
export const listShape = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number(),
    truncated: z.boolean(),
    narrow: z.string().optional(),
  });
