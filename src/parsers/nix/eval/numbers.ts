/**
 * Number formatting exactly as Nix 2.8 prints it: floats in JSON and
 * `--eval` output go through a C++ ostream (`%g`, 6 significant digits);
 * `toString` of a float is `std::to_string` (`%f`). Both round the exact
 * binary value half-to-even, which JavaScript's toFixed does not, so the
 * digits are computed with BigInt arithmetic.
 */

/** |x| as an exact fraction num/den (den a power of two). */
function exact(x: number): { num: bigint; den: bigint } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  return exp >= 0 ? { num: mant << BigInt(exp), den: 1n } : { num: mant, den: 1n << BigInt(-exp) };
}

/** round(num/den) half to even. */
function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** C's `%f` (std::to_string). */
export function formatFloatFixed(x: number): string {
  const s = special(x);
  if (s) return s;
  const neg = x < 0 || Object.is(x, -0);
  const { num, den } = exact(x);
  const q = roundDiv(num * pow10(6), den);
  const digits = q.toString().padStart(7, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** C++ ostream default (`%g` with precision 6). */
export function formatFloatGeneral(x: number): string {
  const s = special(x);
  if (s) return s;
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return neg ? '-0' : '0';
  const { num, den } = exact(x);
  // Decimal exponent X with 10^X <= |x| < 10^(X+1).
  let X = Math.floor(Math.log10(Math.abs(x)));
  const ge = (e: number): boolean => (e >= 0 ? num >= den * pow10(e) : num * pow10(-e) >= den);
  while (!ge(X)) X--;
  while (ge(X + 1)) X++;
  // Six significant digits, rounded half to even.
  const shift = 5 - X;
  let q = shift >= 0 ? roundDiv(num * pow10(shift), den) : roundDiv(num, den * pow10(-shift));
  if (q >= 1000000n) {
    X++;
    q = shift - 1 >= 0 ? roundDiv(num * pow10(shift - 1), den) : roundDiv(num, den * pow10(1 - shift));
  }
  const digits = q.toString();
  let out: string;
  if (X < -4 || X >= 6) {
    const mant = trimZeros(`${digits[0]}.${digits.slice(1)}`);
    const e = Math.abs(X).toString().padStart(2, '0');
    out = `${mant}e${X < 0 ? '-' : '+'}${e}`;
  } else if (X >= 0) {
    out = trimZeros(`${digits.slice(0, X + 1)}.${digits.slice(X + 1)}`);
  } else {
    out = trimZeros(`0.${'0'.repeat(-X - 1)}${digits}`);
  }
  return neg ? `-${out}` : out;
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
