/** The parsed form of a rule template: a list of nodes the executor walks. */

export type Operand =
  | { kind: 'dot' }
  | { kind: 'field'; path: string[] }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'function'; name: string }
  | { kind: 'pipeline'; pipe: Pipeline; path: string[] };

export interface Command {
  args: Operand[];
  /** Where the command starts (line and column) and its source, for error messages. */
  line: number;
  column: number;
  source: string;
}

export interface Pipeline {
  declare?: { name: string; assign: boolean };
  commands: Command[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; pipe: Pipeline; body: Node[]; otherwise: Node[] };
