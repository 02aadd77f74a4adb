/**
 * C++ `std::ostream << double` with default flags, i.e. printf `%g` with
 * precision 6 — how Nix 2.8 prints floats. Rounding is done on the exact
 * binary value with ties to even, as glibc does (JS's toPrecision rounds ties
 * up: 1234565 would print 1.23457e+06 instead of glibc's 1.23456e+06).
 */

const PRECISION = 6;

/** Exact decimal digits of a finite positive double and the exponent of its first digit. */
function exactDecimal(v: number): { digits: string; exp10: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (e2 >= 0) {
    const digits = (mant << BigInt(e2)).toString();
    return { digits, exp10: digits.length - 1 };
  }
  // mant / 2^k = mant * 5^k / 10^k
  const k = -e2;
  const digits = (mant * 5n ** BigInt(k)).toString();
  return { digits, exp10: digits.length - 1 - k };
}

export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  let { digits, exp10 } = exactDecimal(Math.abs(v));
  // Round to PRECISION significant digits, ties to even.
  if (digits.length > PRECISION) {
    const head = digits.slice(0, PRECISION);
    const rest = digits.slice(PRECISION);
    const first = rest.charCodeAt(0) - 48;
    const tail = /[1-9]/.test(rest.slice(1));
    const roundUp = first > 5 || (first === 5 && (tail || (head.charCodeAt(PRECISION - 1) - 48) % 2 === 1));
    let n = BigInt(head);
    if (roundUp) n += 1n;
    digits = n.toString();
    if (digits.length > PRECISION) {
      digits = digits.slice(0, PRECISION);
      exp10++;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  if (exp10 < -4 || exp10 >= PRECISION) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp10);
    return `${sign}${mantissa}e${exp10 < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp10 < 0) return `${sign}0.${'0'.repeat(-exp10 - 1)}${digits}`;
  if (digits.length <= exp10 + 1) return sign + digits + '0'.repeat(exp10 + 1 - digits.length);
  return `${sign}${digits.slice(0, exp10 + 1)}.${digits.slice(exp10 + 1)}`;
}
