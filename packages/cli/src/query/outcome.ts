import { type Answer, errorOf } from './backend-client.js';

/** What a subcommand prints: text for people and JSON for machines, or an error. */
export type Outcome = { text: string; json: unknown } | { error: string };

/** The answer's body when it is a 2xx, else the error to print. */
export function bodyOf(answer: Answer, what: string): { body: unknown } | { error: string } {
  if ('unreachable' in answer) return { error: answer.unreachable };
  if (answer.status < 200 || answer.status > 299)
    return { error: `the backend refused ${what}: ${errorOf(answer)}` };
  return { body: answer.body };
}
