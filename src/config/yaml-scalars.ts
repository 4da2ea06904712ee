/**
 * The scalars of YAML as PyYAML resolves them for OmegaConf: which plain scalars are null, bools,
 * ints and floats (YAML 1.1, OmegaConf 2.3's float rule, no timestamps), and what an explicit
 * `!!float`/`!!int`/`!!bool`/`!!null` tag makes of its text.
 *
 * Owns: those rules, once, for both readers: the `yaml` library's (as custom tags) and the
 * plain-YAML fast path (yaml-fast-path.ts). Does not own parsing.
 */
import type { ScalarTag, Tags } from 'yaml';
import { PyFloat } from './python-values.js';

interface ScalarRule {
  readonly tag: string;
  /** Characters a matching plain scalar can start with ('' also admits the empty scalar). */
  readonly first: string;
  readonly pattern: RegExp;
  readonly resolve: (source: string) => unknown;
}

const NUMERIC_START = '+-.0123456789';
const rule = (tag: string, first: string, pattern: RegExp, resolve: (source: string) => unknown): ScalarRule => ({ tag, first, pattern, resolve });

const digits = (source: string): string => source.replaceAll('_', '');

/** An int as Python holds it: exact. A number within 2^53, else a BigInt (never rounded). */
function exactInt(sign: string, body: string, radix: 2 | 8 | 10 | 16): number | bigint {
  const prefix = radix === 2 ? '0b' : radix === 8 ? '0o' : radix === 16 ? '0x' : '';
  if (body === '') throw new Error(`'${sign}${prefix}' has no digits`);
  const magnitude = BigInt(`${prefix}${body}`);
  const value = sign === '-' ? -magnitude : magnitude;
  // `+ 0` turns -0 into 0: Python's int has no negative zero.
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) + 0 : value;
}
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A base-60 int (`1:30` is 90), signed, underscores gone: exact, as PyYAML's int arithmetic is. */
function sexagesimalInt(source: string): number | bigint {
  let total = 0n;
  for (const part of source.replace(/^[-+]/, '').split(':')) total = total * 60n + BigInt(part);
  return exactInt(signOf(source), total.toString(), 10);
}

/**
 * A base-60 float (`1:30.5`), underscores gone, summed as PyYAML sums it — from the last part up,
 * each times its power of 60, in floating point — so that it rounds to the same float.
 */
function sexagesimalFloat(source: string): number {
  const parts = source.replace(/^[-+]/, '').split(':');
  let value = 0;
  let base = 1;
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    value += Number(parts[i]) * base;
    base *= 60;
  }
  return source.startsWith('-') ? -value : value;
}
const signOf = (s: string): string => (s.startsWith('-') ? '-' : '');
const unsigned = (s: string): string => digits(s).replace(/^[-+]/, '');

/** A float as read: boxed, so that an integral one (`1.0`) is still known to be a float. */
const pyFloat = (value: number): PyFloat => new PyFloat(value);

// PyYAML's float resolver, then (after the ints) OmegaConf 2.3's: mxm-config pins OmegaConf 2.3,
// whose rule reads `1e5` as a float but `0_e0` and `1_0e1_0` as strings (OmegaConf 2.2 read
// those two as floats: commit 5d8fb151, "Restrict underscore formats which are converted to float").
const PYYAML_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$/;
const OMEGACONF_23_FLOAT = /^(?:[-+]?[0-9]+(?:_[0-9]+)*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+(?:_[0-9]+)*[eE][-+]?[0-9]+|\.[0-9]+(?:_[0-9]+)*(?:[eE][-+][0-9]+)?)$/;

const DECIMAL_INT = rule('int', NUMERIC_START, /^[-+]?(?:0|[1-9][0-9_]*)$/, (s) => exactInt(signOf(s), unsigned(s), 10));

/** Every character some int or float rule admits: a scalar with any other is none of them. */
const NUMERIC_CHARS = '0123456789+-_:.abcdefABCDEFxinIN';

// PyYAML's implicit resolvers for YAML 1.1, as OmegaConf configures them.
const PYYAML_RULES: readonly ScalarRule[] = [
  rule('null', '~nN', /^(?:~|null|Null|NULL)?$/, () => null),
  rule('bool', 'yYtToO', /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, () => true),
  rule('bool', 'nNfFoO', /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, () => false),
  rule('int', NUMERIC_START, /^[-+]?0b[0-1_]+$/, (s) => exactInt(signOf(s), unsigned(s).slice(2), 2)),
  rule('int', NUMERIC_START, /^[-+]?0x[0-9a-fA-F_]+$/, (s) => exactInt(signOf(s), unsigned(s).slice(2), 16)),
  rule('int', NUMERIC_START, /^[-+]?0[0-7_]+$/, (s) => exactInt(signOf(s), unsigned(s), 8)),
  DECIMAL_INT,
  rule('int', NUMERIC_START, /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/, (s) => sexagesimalInt(digits(s))),
  rule('float', NUMERIC_START, /^[-+]?\.(?:inf|Inf|INF)$/, (s) => pyFloat(s.startsWith('-') ? -Infinity : Infinity)),
  rule('float', NUMERIC_START, /^\.(?:nan|NaN|NAN)$/, () => pyFloat(Number.NaN)),
  rule('float', NUMERIC_START, /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, (s) => pyFloat(sexagesimalFloat(digits(s)))),
  { tag: 'float', first: NUMERIC_START, pattern: { test: (s: string) => PYYAML_FLOAT.test(s) || OMEGACONF_23_FLOAT.test(s) } as RegExp, resolve: (s) => pyFloat(Number(digits(s))) },
];

/** PyYAML's constructors for explicitly tagged scalars (SafeConstructor.construct_yaml_*). */
const EXPLICIT_CONSTRUCTORS: Readonly<Record<'float' | 'int' | 'bool' | 'null', (source: string) => unknown>> = {
  float: (source) => {
    const text = digits(source).toLowerCase();
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[-+]/, '');
    if (body === '.inf') return pyFloat(sign * Infinity);
    if (body === '.nan') return pyFloat(Number.NaN);
    if (body.includes(':')) return pyFloat(sign * sexagesimalFloat(body));
    // Python's float(): digits with an optional point and exponent, or inf/infinity/nan; spaces around.
    const trimmed = body.trim();
    if (/^(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?|inf|infinity|nan)$/.test(trimmed)) {
      return pyFloat(sign * (trimmed.startsWith('inf') ? Infinity : trimmed === 'nan' ? Number.NaN : Number(trimmed)));
    }
    throw new Error('not a float');
  },
  int: (source) => {
    const text = digits(source);
    const sign = signOf(text);
    const body = text.replace(/^[-+]/, '');
    if (body === '0') return 0;
    if (/^0b[01]+$/.test(body)) return exactInt(sign, body.slice(2), 2);
    if (/^0x[0-9a-fA-F]+$/.test(body)) return exactInt(sign, body.slice(2), 16);
    if (/^0[0-7]+$/.test(body)) return exactInt(sign, body, 8);
    if (/^[0-9]+(?::[0-5]?[0-9])+$/.test(body)) return sexagesimalInt(`${sign}${body}`);
    if (/^[0-9]+$/.test(body.trim())) return exactInt(sign, body.trim(), 10);
    throw new Error('not an int');
  },
  bool: (source) => {
    const value = ({ yes: true, no: false, true: true, false: false, on: true, off: false } as Record<string, boolean>)[source.toLowerCase()];
    if (value === undefined) throw new Error('not a YAML 1.1 boolean');
    return value;
  },
  null: () => null,
};

// The `yaml` parser asks every tag in turn whether a plain scalar is its own: 12 regular expressions for
// each string. Classifying once (most scalars are excluded by their first character) and
// answering the rest from a one-entry memo keeps that to one cheap pass per scalar.
let memoSource: string | undefined;
let memoRule = -1;
function ruleOf(source: string): number {
  if (source !== memoSource) {
    memoSource = source;
    memoRule = classify(source);
  }
  return memoRule;
}

const DECIMAL_INT_RULE = PYYAML_RULES.indexOf(DECIMAL_INT);

/**
 * The first rule whose pattern matches, or -1 (a string). Rules that cannot match are not run:
 * most scalars are words, whose first character or letters rule out every pattern, and most
 * numbers are plain decimals (the first rule that can match one). A cold start compiles each
 * pattern it runs, so this keeps a start from compiling a dozen of them.
 */
function classify(source: string): number {
  const first = source.length === 0 ? '' : (source[0] as string);
  let numeric = true;
  let decimal = first >= '1' && first <= '9';
  for (let i = 0; i < source.length && (numeric || decimal); i += 1) {
    const c = source[i] as string;
    if (!NUMERIC_CHARS.includes(c)) numeric = false;
    if (c < '0' || c > '9') decimal = false;
  }
  // No earlier rule matches what starts with 1-9 (null and bool need letters, 0b/0x/octal a leading 0).
  if (decimal) return DECIMAL_INT_RULE;
  for (let i = 0; i < PYYAML_RULES.length; i += 1) {
    const r = PYYAML_RULES[i] as ScalarRule;
    if (!numeric && (r.tag === 'int' || r.tag === 'float')) continue;
    if ((first === '' ? r.tag === 'null' : r.first.includes(first)) && r.pattern.test(source)) return i;
  }
  return -1;
}

/** For tests: {@link classify}'s answer by running every rule in order, none skipped. */
export function classifyByEveryRule(source: string): string {
  const index = PYYAML_RULES.findIndex((r) => (source === '' ? r.tag === 'null' : r.first.includes(source[0] as string)) && r.pattern.test(source));
  return index === -1 ? 'str' : `${index}:${(PYYAML_RULES[index] as ScalarRule).tag}`;
}

/** For tests: what the classifier decides, as {@link classifyByEveryRule} writes it. */
export function classifyScalar(source: string): string {
  const index = classify(source);
  return index === -1 ? 'str' : `${index}:${(PYYAML_RULES[index] as ScalarRule).tag}`;
}

// The parser only calls test(); a classifier in RegExp's clothing.
const classifies = (rule: number): RegExp => ({ test: (source: string) => ruleOf(source) === rule }) as unknown as RegExp;

const PYYAML_SCALARS: ScalarTag[] = [
  // Most plain scalars are strings: answering that first spares the parser asking twelve rules.
  { tag: 'tag:yaml.org,2002:str', default: true, test: classifies(-1), resolve: (source: string) => source },
  ...PYYAML_RULES.map((r, i) => ({ tag: `tag:yaml.org,2002:${r.tag}`, default: true, test: classifies(i), resolve: r.resolve as ScalarTag['resolve'] })),
  // An explicit tag (`!!float 1`) is constructed as PyYAML constructs it, whatever the text looks like.
  ...Object.entries(EXPLICIT_CONSTRUCTORS).map(([name, construct]) => ({
    tag: `tag:yaml.org,2002:${name}`,
    resolve: (source: string, onError: (message: string) => void) => {
      try {
        return construct(source);
      } catch (error) {
        onError(`!!${name} cannot be applied to ${JSON.stringify(source.slice(0, 40))}: ${(error as Error).message}`);
        return null;
      }
    },
  })),
];

const KEPT_LIBRARY_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:str', 'tag:yaml.org,2002:merge']);

/**
 * The `yaml` library's tags as PyYAML resolves them: its map, seq, str and merge tags, then
 * PyYAML's implicit scalar rules and explicit constructors. Throws nothing.
 */
export function pyyamlTags(libraryTags: Tags): Tags {
  const kept = libraryTags.filter((t) => typeof t !== 'string' && KEPT_LIBRARY_TAGS.has(t.tag));
  return [...kept, ...PYYAML_SCALARS];
}

/**
 * The value of a plain (unquoted) scalar, as PyYAML reads it: null, a boolean, an int (a number,
 * or a BigInt beyond 2^53), a {@link PyFloat} for a float, else the text itself. Throws nothing.
 */
export function plainScalarValue(source: string): unknown {
  const rule = ruleOf(source);
  return rule < 0 ? source : (PYYAML_RULES[rule] as ScalarRule).resolve(source);
}

/** Whether a plain scalar with this text is a string (no implicit rule claims it). Throws nothing. */
export function isPlainString(source: string): boolean {
  return ruleOf(source) < 0;
}
