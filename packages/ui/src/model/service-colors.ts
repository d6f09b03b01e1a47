/**
 * One colour per service, in order of first appearance, from a palette that reads on both the
 * light and the dark theme; past its end the hues repeat.
 */
const PALETTE = [
  '#3f7fd9',
  '#e0883b',
  '#3ba776',
  '#c8517a',
  '#8a6fd1',
  '#2aa4b8',
  '#b59a2a',
  '#d25f4e',
  '#6f8f3a',
  '#a0617f',
];

export function serviceColors(services: readonly string[]): Map<string, string> {
  return new Map(services.map((service, i) => [service, PALETTE[i % PALETTE.length] as string]));
}
