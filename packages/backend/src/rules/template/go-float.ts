/**
 * Go's strconv float formatting (%e, %f, %g, and %v's shortest form) for the template subset.
 * Fixed precisions round the exact binary value half to even, as Go does, so 0.125 at %.2f
 * gives "0.12" where JavaScript's toFixed gives "0.13".
 */

/** Decimal digits (no leading or trailing zeros) and the decimal point's place: 0.d1d2… × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

const trimZeros = (x: Digits): Digits => {
  const d = x.d.replace(/0+$/, '');
  return d === '' ? { d: '', dp: 0 } : x.d === d ? x : { d, dp: x.dp };
};

/** The exact decimal expansion of a finite, non-negative float. */
function exactDigits(v: number): Digits {
  if (v === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mantissa |= 1n << 52n;
  if (exp >= 0) {
    const s = (mantissa << BigInt(exp)).toString();
    return trimZeros({ d: s, dp: s.length });
  }
  // m × 2^-k = m × 5^k / 10^k
  const s = (mantissa * 5n ** BigInt(-exp)).toString();
  const lead = s.length - s.replace(/^0+/, '').length;
  return trimZeros({ d: s.slice(lead), dp: s.length + exp });
}

/** The shortest digits that read back as v (JavaScript and Go agree on these). */
function shortestDigits(v: number): Digits {
  if (v === 0) return { d: '', dp: 0 };
  const [mant = '', e] = v.toExponential().split('e');
  return trimZeros({ d: mant.replace('.', ''), dp: Number(e) + 1 });
}

/** Rounds to nd significant digits, half to even on the exact value. */
function roundTo(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const exactHalf = nd + 1 === x.d.length;
    up = !exactHalf || (nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  let d = x.d.slice(0, nd);
  let dp = x.dp;
  if (up) {
    let i = d.length - 1;
    while (i >= 0 && d[i] === '9') i--;
    if (i < 0) {
      d = '1';
      dp += 1;
    } else {
      d = d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1);
    }
  }
  return trimZeros({ d, dp });
}

const digitAt = (x: Digits, i: number) => (i >= 0 && i < x.d.length ? x.d[i] : '0');

function fmtE(x: Digits, prec: number, verb: 'e' | 'E'): string {
  let s = x.d[0] ?? '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d === '' ? 0 : x.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${verb}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = '';
  if (x.dp > 0) for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** Go's strconv.FormatFloat(v, verb, prec, 64) for verbs e, E, f, g, G; prec -1 is shortest. */
export function formatFloat(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = v < 0 || Object.is(v, -0) ? '-' : '';
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(Math.abs(v));
    if (verb === 'e' || verb === 'E') prec = Math.max(x.d.length - 1, 0);
    else if (verb === 'f') prec = Math.max(x.d.length - x.dp, 0);
    else prec = x.d.length;
  } else {
    x = exactDigits(Math.abs(v));
    if (verb === 'f') x = roundTo(x, x.dp + prec);
    else {
      if ((verb === 'g' || verb === 'G') && prec === 0) prec = 1;
      x = roundTo(x, verb === 'e' || verb === 'E' ? prec + 1 : prec);
    }
  }
  if (verb === 'e' || verb === 'E') return neg + fmtE(x, prec, verb);
  if (verb === 'f') return neg + fmtF(x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (x.d !== '' && (exp < -4 || exp >= eprec)) {
    if (prec > x.d.length) prec = x.d.length;
    return neg + fmtE(x, prec - 1, verb === 'g' ? 'e' : 'E');
  }
  if (prec > x.dp) prec = x.d.length;
  return neg + fmtF(x, Math.max(prec - x.dp, 0));
}
