// Times in templates: the value __timestamp__, now, toDate and unixToTime return, and Go's layouts
// (reference time Mon Jan 2 15:04:05 MST 2006) for printing it, in UTC.

/** A point in time in nanoseconds since the epoch. */
export class GoTime {
  constructor(readonly ns: bigint) {}
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Formats a time in UTC with a Go layout (reference time Mon Jan 2 15:04:05 MST 2006). */
export function formatTime(t: GoTime, layout: string): string {
  const ms = Number(t.ns / 1_000_000n) - (t.ns < 0n && t.ns % 1_000_000n !== 0n ? 1 : 0);
  const nanos = Number(((t.ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const tokens: [string, () => string][] = [
    ['2006', () => String(d.getUTCFullYear()).padStart(4, '0')],
    ['January', () => months[d.getUTCMonth()] as string],
    ['Jan', () => (months[d.getUTCMonth()] as string).slice(0, 3)],
    ['Monday', () => days[d.getUTCDay()] as string],
    ['Mon', () => (days[d.getUTCDay()] as string).slice(0, 3)],
    ['MST', () => 'UTC'],
    ['Z07:00', () => 'Z'],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['Z0700', () => 'Z'],
    ['01', () => two(d.getUTCMonth() + 1)],
    ['02', () => two(d.getUTCDate())],
    ['_2', () => String(d.getUTCDate()).padStart(2, ' ')],
    ['15', () => two(d.getUTCHours())],
    ['03', () => two(hour12)],
    ['04', () => two(d.getUTCMinutes())],
    ['05', () => two(d.getUTCSeconds())],
    ['06', () => two(d.getUTCFullYear() % 100)],
    ['PM', () => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
    ['pm', () => (d.getUTCHours() >= 12 ? 'pm' : 'am')],
    ['1', () => String(d.getUTCMonth() + 1)],
    ['2', () => String(d.getUTCDate())],
    ['3', () => String(hour12)],
    ['4', () => String(d.getUTCMinutes())],
    ['5', () => String(d.getUTCSeconds())],
  ];
  let out = '';
  for (let i = 0; i < layout.length; ) {
    const frac = /^[.,](0+|9+)/.exec(layout.slice(i));
    if (frac && !/\d/.test(layout[i + (frac[0] as string).length] ?? '')) {
      const digits = (frac[1] as string).length;
      let text = String(nanos).padStart(9, '0').slice(0, digits);
      if ((frac[1] as string)[0] === '9') {
        text = text.replace(/0+$/, '');
        out += text === '' ? '' : `.${text}`;
      } else out += `${(frac[0] as string)[0]}${text}`;
      i += (frac[0] as string).length;
      continue;
    }
    const token = tokens.find(([t]) => layout.startsWith(t, i));
    if (token) {
      out += token[1]();
      i += token[0].length;
    } else out += layout[i++];
  }
  return out;
}
