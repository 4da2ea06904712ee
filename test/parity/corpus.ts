/**
 * The curated parity corpus: hand-written stores, one behaviour each, grouped by the parity
 * issue's bullets. Each runs through real OmegaConf and through our loader (corpus.test.ts);
 * `pin` also fixes what OmegaConf answers, so a change on their side is noticed.
 *
 * `knownDifference` marks a case we do not match yet, with the reason; it runs as
 * `test.failing`, so fixing it turns the test red until the mark is removed.
 * `deliberate` marks a documented difference (README, "Differences from the Python packages");
 * those cases assert our own answer instead of OmegaConf's.
 */
import { float, int, type ParityStore, type Tagged } from '../helpers/omegaconf.js';

/** One corpus case. */
export interface ParityCase extends ParityStore {
  readonly name: string;
  /** OmegaConf's answer for some top-level keys (tagged), or 'error' when it must fail. */
  readonly pin?: Readonly<Record<string, Tagged>> | 'error';
  readonly knownDifference?: string;
  readonly deliberate?: { readonly reason: string; readonly ours: Readonly<Record<string, Tagged>> | 'error' };
}

const d = (name: string, text: string, pin?: ParityCase['pin'], extra: Partial<ParityCase> = {}): ParityCase => ({ name, files: { default: text }, ...(pin === undefined ? {} : { pin }), ...extra });
const s = (name: string, value: string, rendered: string): ParityCase => d(name, `x: ${value}\ns: "v=\${x}"\n`, { s: `v=${rendered}` });
const map = (...entries: [string, Tagged][]): Tagged => ({ $map: entries.map(([k, v]) => [k, 'str', v]) });

export const CORPUS: readonly ParityCase[] = [
  // ── String interpolation renders as Python's str() ──────────────────────────────────────────
  s('str: float 1.0 keeps its float form', '1.0', '1.0'),
  s('str: float 1000.0', '1000.0', '1000.0'),
  s('str: float 1e20 in scientific form', '1.0e+20', '1e+20'),
  s('str: float 1.5e-07 with a two-digit exponent', '1.5e-07', '1.5e-07'),
  s('str: float 1e15 written out', '1000000000000000.0', '1000000000000000.0'),
  s('str: float 1e16 switches to scientific', '10000000000000000.0', '1e+16'),
  s('str: float 0.0001 stays fixed', '0.0001', '0.0001'),
  s('str: float 0.00001 goes scientific', '0.00001', '1e-05'),
  s('str: negative float', '-0.5', '-0.5'),
  s('str: int', '42', '42'),
  s('str: true is True', 'true', 'True'),
  s('str: no is False', 'no', 'False'),
  s('str: null is None', 'null', 'None'),
  s('str: .inf is inf', '.inf', 'inf'),
  s('str: -.inf is -inf', '-.inf', '-inf'),
  s('str: .nan is nan', '.nan', 'nan'),
  s('str: an int beyond 2^53 exactly', '1152921504606846977', '1152921504606846977'),
  s('str: 1e5 is a float (OmegaConf 2.3 rule)', '1e5', '100000.0'),
  s('str: a list as its repr', "[1, 'a', true, null, 1.5]", "[1, 'a', True, None, 1.5]"),
  s('str: a list of floats', '[1.0, 2.5e-07]', '[1.0, 2.5e-07]'),
  d('str: a mapping with an int key as its repr', 'x: {1: a, b: 2}\ns: "v=${x}"\n', { s: "v={1: 'a', 'b': 2}" }),
  d('str: a string with a newline, escaped in a list', 'x: ["a\\nb", "tab\\there"]\ns: "v=${x}"\n', { s: "v=['a\\nb', 'tab\\there']" }),
  d('str: a string with a quote uses double quotes', `x: ["it's"]\ns: "v=\${x}"\n`, { s: `v=["it's"]` }),
  d('str: a string with both quotes', `x: ['a''b"c']\ns: "v=\${x}"\n`, { s: `v=['a\\'b"c']` }),
  d('str: a backslash is doubled in a repr', `x: ['a\\b']\ns: "v=\${x}"\n`, { s: "v=['a\\\\b']" }),
  d('str: a control character as \\x01', 'x: ["\\x01"]\ns: "v=${x}"\n', { s: "v=['\\x01']" }),
  d('str: non-ASCII letters stay as they are', 'x: ["é ü"]\ns: "v=${x}"\n', { s: "v=['é ü']" }),
  d('str: nested containers', 'x: {a: [1, {b: null}]}\ns: "v=${x}"\n', { s: "v={'a': [1, {'b': None}]}" }),
  d('str: a bool key renders as True', 'x: {true: 1}\ns: "v=${x}"\n', { s: 'v={True: 1}' }),
  d('str: a whole reference keeps the type', 'x: 1.5\ny: ${x}\n', { y: float(1.5) }),

  // ── oc.env ───────────────────────────────────────────────────────────────────────────────
  d('oc.env: a true default is rendered True', 'x: ${oc.env:MXM_PARITY_UNSET,true}\n', { x: 'True' }),
  d('oc.env: a float default keeps its float form', 'x: ${oc.env:MXM_PARITY_UNSET,1.0}\n', { x: '1.0' }),
  d('oc.env: an int default is a string', 'x: ${oc.env:MXM_PARITY_UNSET,5}\n', { x: '5' }),
  d('oc.env: an escaped comma in a default', 'x: ${oc.env:MXM_PARITY_UNSET,a\\,b}\n', { x: 'a,b' }),
  d('oc.env: a null default stays null', 'x: ${oc.env:MXM_PARITY_UNSET,null}\n', { x: null }),
  d('oc.env: a quoted default with a comma', "x: ${oc.env:MXM_PARITY_UNSET,'a, b'}\n", { x: 'a, b' }),
  d('oc.env: a set variable wins over the default', 'x: ${oc.env:MXM_PARITY_SET,zzz}\n', { x: 'from-env' }, { env: { MXM_PARITY_SET: 'from-env' } }),
  d('oc.env: an unset variable without default fails', 'x: ${oc.env:MXM_PARITY_UNSET}\n', 'error'),
  d('oc.env: a default with surrounding spaces', 'x: ${oc.env:MXM_PARITY_UNSET, spaced out }\n', { x: 'spaced out' }),
  d('env (mxm-config): the default keeps its type', 'x: ${env:MXM_PARITY_UNSET,5}\n', { x: int(5) }),
  d('env (mxm-config): a set variable', 'x: ${env:MXM_PARITY_SET}\n', { x: '7' }, { env: { MXM_PARITY_SET: '7' } }),

  // ── oc.decode ───────────────────────────────────────────────────────────────────────────
  d('oc.decode: an int', "x: ${oc.decode:'42'}\n", { x: int(42) }),
  d('oc.decode: leading zeros stay a string', "x: ${oc.decode:'007'}\n", { x: '007' }),
  d('oc.decode: surrounding spaces keep it a string', "x: ${oc.decode:' 42 '}\n", { x: ' 42 ' }),
  d('oc.decode: an int with no spaces', "x: ${oc.decode:'-17'}\n", { x: int(-17) }),
  {
    ...d('oc.decode: a list becomes a list', "x: ${oc.decode:'[1, a, true]'}\n", 'error'),
    deliberate: { reason: 'OmegaConf.resolve cannot store the plain list oc.decode returns (UnsupportedValueType); we keep it', ours: { x: [int(1), 'a', true] } },
  },
  {
    ...d('oc.decode: a mapping becomes a mapping', "x: \"${oc.decode:'{a: 1, b: [2]}'}\"\n", 'error'),
    deliberate: { reason: 'OmegaConf.resolve cannot store the plain dict oc.decode returns (UnsupportedValueType); we keep it', ours: { x: map(['a', int(1)], ['b', [int(2)]]) } },
  },
  d('oc.decode: a float', "x: ${oc.decode:'3.5e2'}\n", { x: float(350) }),
  d('oc.decode: underscores in an int', "x: ${oc.decode:'1_000'}\n", { x: int(1000) }),
  d('oc.decode: true', "x: ${oc.decode:'true'}\n", { x: true }),
  d('oc.decode: null', 'x: ${oc.decode:null}\n', { x: null }),
  d('oc.decode: a variable from the environment', 'x: ${oc.decode:${oc.env:MXM_PARITY_SET}}\n', { x: int(8080) }, { env: { MXM_PARITY_SET: '8080' } }),

  // ── oc.create, oc.dict.keys, oc.dict.values ───────────────────────────────────────────────
  d('oc.create: a mapping', "x: '${oc.create:{a: 1, b: two}}'\n", { x: map(['a', int(1)], ['b', 'two']) }),
  d('oc.create: a list', 'x: ${oc.create:[1, 2]}\n', { x: [int(1), int(2)] }),
  d('oc.dict.keys: the keys of a mapping', 'm: {a: 1, b: 2}\nx: ${oc.dict.keys:m}\n', { x: ['a', 'b'] }),
  d('oc.dict.values: the values of a mapping', 'm: {a: 1, b: x}\nx: ${oc.dict.values:m}\n', { x: [int(1), 'x'] }),
  d('oc.dict.values: values that are interpolations', 'n: 3\nm: {a: "${n}"}\nx: ${oc.dict.values:m}\n', { x: [int(3)] }),
  d('oc.dict.keys: of a missing key fails', 'x: ${oc.dict.keys:nowhere}\n', 'error'),

  // ── YAML tags ───────────────────────────────────────────────────────────────────────────
  d('tag: !!float on an int', 'x: !!float 1\n', { x: float(1) }),
  d('tag: !!int on a quoted string', 'x: !!int "42"\n', { x: int(42) }),
  d('tag: !!str on a number', 'x: !!str 123\n', { x: '123' }),
  d('tag: !!bool yes', 'x: !!bool yes\n', { x: true }),
  d('tag: !!null on an empty scalar', "x: !!null ''\n", { x: null }),
  d('tag: !!float .inf', 'x: !!float .inf\n', { x: float(Infinity) }),
  d('tag: !!int hex', 'x: !!int 0x1F\n', { x: int(31) }),
  d('tag: !!float with underscores', 'x: !!float 1_000.5\n', { x: float(1000.5) }),
  d('tag: !!bool on a non-bool fails', 'x: !!bool maybe\n', 'error'),
  d('tag: !!int on a word fails', 'x: !!int abc\n', 'error'),
  d('tag: !!str on a list fails', 'x: !!str [1]\n', 'error'),

  // ── Keys ────────────────────────────────────────────────────────────────────────────────
  d('key: a bool key prints as True', 'true: x\n', { True: 'x' }),
  d('key: yes is a bool key', 'yes: 1\n', { True: int(1) }),
  d('key: a null key is an error', '~: x\n', 'error'),
  d('key: an int key', '1: a\n', { 1: 'a' }),
  d('key: an int key reached by interpolation', 'm: {1: a}\nx: ${m.1}\n'),
  d('key: an int key reached with brackets', 'm: {1: a}\nx: ${m[1]}\n'),
  d('key: a float key', '1.5: a\n', { '1.5': 'a' }),
  {
    ...d('key: an int key keeps its place in a rendered mapping', 'm: {b: 1, 2: c}\ns: "v=${m}"\n', { s: "v={'b': 1, 2: 'c'}" }),
    knownDifference: 'a JavaScript object lists integer-like keys first, so we render {2: ..., b: ...}',
  },
  {
    ...d('oc.dict.keys: of a reference to the mapping that holds it', 'list: ${x}\nx:\n  a: ${oc.dict.keys:list}\n', { x: map(['a', ['a']]) }),
    knownDifference: 'OmegaConf reads the keys of the referenced node without resolving it; we resolve the reference and meet a cycle',
  },

  // ── OmegaConf 2.3's float rule and YAML 1.1 scalars ──────────────────────────────────────
  d('float rule: 0_e0 is a string in 2.3', 'x: 0_e0\n', { x: '0_e0' }),
  d('float rule: 1_0e1_0 is a string', 'x: 1_0e1_0\n', { x: '1_0e1_0' }),
  d('float rule: 1e5 is a float', 'x: 1e5\n', { x: float(1e5) }),
  d('float rule: 1E-3', 'x: 1E-3\n', { x: float(0.001) }),
  d('float rule: .5 is a float, +.5 is a string', 'x: .5\ny: +.5\n', { x: float(0.5), y: '+.5' }),
  d('float rule: 1. is a float', 'x: 1.\n', { x: float(1) }),
  d('float rule: 1__2.1 is 12.1 (PyYAML rule)', 'x: 1__2.1\n', { x: float(12.1) }),
  d('float rule: 1_1e3 is a float in 2.3', 'x: 1_1e3\n', { x: float(11000) }),
  d('yaml 1.1: sexagesimal int and float', 'x: 190:20:30\ny: 1:30.5\n', { x: int(685230), y: float(90.5) }),
  d('yaml 1.1: octal, binary, hex', 'x: 017\ny: 0b101\nz: 0x_1F\nw: 0o17\n', { x: int(15), y: int(5), z: int(31), w: '0o17' }),
  d('yaml 1.1: signs and underscores in ints', 'x: +1\ny: -0\nz: 1_000\n', { x: int(1), y: int(0), z: int(1000) }),
  d('yaml 1.1: dates stay strings', 'x: 2024-01-02\n', { x: '2024-01-02' }),

  // ── inf, nan, big ints ──────────────────────────────────────────────────────────────────
  d('inf: .inf, -.inf, .NaN', 'x: .inf\ny: -.inf\nz: .NaN\n', { x: float(Infinity), y: float(-Infinity), z: { $float: 'nan' } }),
  d('bigint: 2^53 + 1 exactly', 'x: 9007199254740993\n', { x: int(9007199254740993n) }),
  d('bigint: -2^63', 'x: -9223372036854775808\n', { x: int(-9223372036854775808n) }),
  d('bigint: in a list', 'x: [18446744073709551616]\n', { x: [int(18446744073709551616n)] }),
  d('bigint: through a reference', 'x: 18446744073709551617\ny: ${x}\n', { y: int(18446744073709551617n) }),
  d('bigint: a hex int beyond 2^53', 'x: 0xFFFFFFFFFFFFFFFF\n', { x: int(18446744073709551615n) }),

  // ── Merging: a change of kind is an error ───────────────────────────────────────────────
  { name: 'merge: a list over a mapping fails', files: { default: 'a: {b: 1}\n', environment: 'dev:\n  a: [1]\n' }, pin: 'error' },
  { name: 'merge: a mapping over a list fails', files: { default: 'a: [1]\n', environment: 'dev:\n  a: {b: 1}\n' }, pin: 'error' },
  // The issue expected an error here; real OmegaConf (2.2 and 2.3 merge alike) replaces the mapping.
  { name: 'merge: a scalar over a mapping replaces it', files: { default: 'a: {b: 1}\n', environment: 'dev:\n  a: 5\n' }, pin: { a: int(5) } },
  { name: 'merge: a mapping over a scalar replaces it', files: { default: 'a: 5\n', environment: 'dev:\n  a: {b: 1}\n' } },
  { name: 'merge: a list over a scalar replaces it', files: { default: 'a: 5\n', environment: 'dev:\n  a: [1]\n' } },
  { name: 'merge: a scalar over a list replaces it', files: { default: 'a: [1]\n', environment: 'dev:\n  a: 5\n' } },
  { name: 'merge: null over a mapping', files: { default: 'a: {b: 1}\n', environment: 'dev:\n  a: null\n' } },
  { name: 'merge: null over a list', files: { default: 'a: [1]\n', environment: 'dev:\n  a: ~\n' } },
  { name: 'merge: a mapping over null', files: { default: 'a: null\n', environment: 'dev:\n  a: {b: 1}\n' } },
  { name: 'merge: an interpolation over a mapping', files: { default: 'a: {b: 1}\nc: {d: 2}\n', environment: 'dev:\n  a: ${c}\n' } },
  {
    name: 'merge: a mapping over a resolver that yields a list fails',
    files: { default: 'c: {k: 1}\na: ${oc.dict.keys:c}\n', environment: 'dev:\n  a: {}\n' },
    pin: 'error',
  },
  { name: 'regression: a mapping over an oc.select of a list fails', files: { default: 'b: 0\n', environment: 'dev:\n  c: ${oc.select:b,1.0}\n', role: 'research:\n  b: []\n  c: {}\n' }, pin: 'error' },
  {
    name: 'merge: a scalar over an oc.dict.values fails in OmegaConf',
    files: { default: 'b: {k: 1}\na: ${oc.dict.values:b}\n', environment: 'dev:\n  a: 0\n' },
    pin: 'error',
    knownDifference: "OmegaConf cannot assign a scalar over the ListConfig an oc.dict resolver made while merging (ValidationError), though it replaces a reference to a list; we replace both",
  },
  {
    name: 'str: a string embedding an oc.dict.values list not yet resolved',
    files: { default: "a:\n  x: {q: 0}\n  y: 1\nn: 'v=${b};'\nb: ${oc.dict.values:a}\n" },
    knownDifference: "OmegaConf renders the list as its elements' interpolations ('${a.x}') and resolves that text once more, giving ['{'q': 0}', '1']; we render the resolved list, [{'q': 0}, 1]",
  },
  { name: 'merge: a scalar over a reference to a list replaces it', files: { default: 'b: [1]\na: ${b}\n', environment: 'dev:\n  a: 0\n' }, pin: { a: int(0) } },
  { name: 'regression: ??? over a reference to a mapping leaves a copy, not the reference', files: { default: 'a: {}\n', environment: 'dev:\n  n: ${a}\n', role: 'research:\n  n: ???\n' }, overrides: { a: int(5) }, pin: { n: map() } },
  { name: 'merge: a mapping over an oc.select of a mapping extends a copy', files: { default: 'b: {k: 1}\nc: ${oc.select:b,0}\n', environment: 'dev:\n  c: {j: 2}\n' }, pin: { c: map(['k', int(1)], ['j', int(2)]) } },
  { name: 'merge: a list over a reference to a mapping fails', files: { default: 'b: {k: 1}\na: ${b}\n', environment: 'dev:\n  a: [1]\n' }, pin: 'error' },
  d('str: a mapping in a string shows its values, read after resolution', 'a: "v=${l}"\nl: {q: "${oc.env:MXM_PARITY_SET,x}"}\n', { a: "v={'q': 'set'}" }, { env: { MXM_PARITY_SET: 'set' } }),
  // OmegaConf renders the mapping as written and resolves that text again: the escape is gone by then.
  d('str: a rendered mapping holding an escaped comma fails, as in OmegaConf', 'a: "v=${l}"\nl: {q: "${oc.env:MXM_PARITY_SET,a\\\\,b}"}\n', 'error', { env: { MXM_PARITY_SET: 'set' } }),
  d('regression: a string that renders the mapping holding it fails', 'a:\n  a: \'"${.}\'\n', 'error'),
  d('str: an interpolation inside a rendered mapping becomes text in its quotes', 'a: "v=${l}"\nl: {q: "${oc.select:nowhere,true}"}\n', { a: "v={'q': 'True'}" }),
  d('str: a mapping resolved before it is rendered shows its values', 'l: {q: "${n}"}\nn: 2\na: "v=${l}"\n', { a: "v={'q': 2}" }),
  { name: 'merge: a mapping over a reference to a list fails', files: { default: 'b: [1]\na: ${b}\n', environment: 'dev:\n  a: {k: 1}\n' }, pin: 'error' },
  { name: 'merge: lists replace, never concatenate', files: { default: 'a: [1, 2, 3]\n', environment: 'dev:\n  a: [9]\n' } },
  { name: 'merge: ??? never replaces a value', files: { default: 'a: 1\n', environment: 'dev:\n  a: ???\n' } },
  { name: 'merge: a later layer sets a ???', files: { default: 'a: ???\n', role: 'research:\n  a: 3\n' } },

  // ── Dimension blocks ────────────────────────────────────────────────────────────────────
  { name: 'block: a block that is an interpolation', files: { default: 'a: 0\n', environment: 'prod:\n  a: 1\ndev: ${prod}\n' } },
  { name: 'block: a block that points into another', files: { default: 'a: 0\n', environment: 'shared:\n  base: {a: 2}\ndev: ${shared.base}\n' } },
  { name: 'block: a block that is an env string fails', files: { default: 'a: 0\n', environment: 'dev: ${oc.env:MXM_PARITY_UNSET,x}\n' }, pin: 'error' },
  { name: 'block: a block that is a list fails', files: { default: 'a: 0\n', environment: 'dev: [1]\n' }, pin: 'error' },
  { name: 'block: an empty block', files: { default: 'a: 0\n', environment: 'dev: {}\n' } },
  { name: 'block: a null block fails', files: { default: 'a: 0\n', environment: 'dev:\n' }, pin: 'error' },

  // ── Selector matching ───────────────────────────────────────────────────────────────────
  { name: 'selector: 1 does not match an int key', files: { default: 'a: 0\n', environment: '1:\n  a: 1\n' }, identity: { environment: '1' }, pin: 'error' },
  { name: "selector: '1' matches a quoted key", files: { default: 'a: 0\n', environment: "'1':\n  a: 1\n" }, identity: { environment: '1' } },
  { name: 'selector: true does not match a bool key', files: { default: 'a: 0\n', environment: 'true:\n  a: 1\n' }, identity: { environment: 'true' }, pin: 'error' },
  { name: 'selector: True does not match a bool key', files: { default: 'a: 0\n', environment: 'true:\n  a: 1\n' }, identity: { environment: 'True' }, pin: 'error' },
  { name: 'selector: 1.5 does not match a float key', files: { default: 'a: 0\n', environment: '1.5:\n  a: 1\n' }, identity: { environment: '1.5' }, pin: 'error' },
  { name: 'selector: a missing one fails', files: { default: 'a: 0\n', environment: 'prod:\n  a: 1\n' }, pin: 'error' },

  // ── Overrides ───────────────────────────────────────────────────────────────────────────
  { name: 'override: a list index sets that element', files: { default: 'a: {list: [1, 2, 3]}\n' }, overrides: { 'a.list[0]': 'x' } },
  { name: 'override: a dotted index sets that element', files: { default: 'a: {list: [1, 2, 3]}\n' }, overrides: { 'a.list.1': int(9) } },
  { name: 'override: an index beyond the list fails', files: { default: 'a: {list: [1]}\n' }, overrides: { 'a.list[5]': int(9) }, pin: 'error' },
  { name: 'override: a dotted key nests', files: { default: 'a: {b: 1}\n' }, overrides: { 'a.c': int(2) } },
  { name: 'override: a mapping merges', files: { default: 'a: {b: 1, c: 2}\n' }, overrides: { a: map(['c', int(3)]) } },
  { name: 'override: a new nested key', files: { default: 'a: 1\n' }, overrides: { 'x.y.z': 'deep' } },
  { name: 'override: a float value', files: { default: 'a: 1\n' }, overrides: { a: float(2.5) } },
  { name: 'override: an index into a list of mappings', files: { default: 'a: [{b: 1}, {b: 2}]\n' }, overrides: { 'a[1].b': int(5) } },

  // ── Interpolation ───────────────────────────────────────────────────────────────────────
  d('interp: relative keys', 'g:\n  x: 1\n  y: ${.x}\n  h: {z: ${..x}}\n'),
  d('interp: a nested key', 'k: b\nm: {a: 1, b: 2}\nx: ${m.${k}}\n', { x: int(2) }),
  d('interp: an index into a list', 'l: [a, b]\nx: ${l[1]}\ny: ${l.0}\n', { x: 'b', y: 'a' }),
  d('interp: a whole reference to a list keeps the list', 'l: [1, 2]\nx: ${l}\n', { x: [int(1), int(2)] }),
  d('interp: oc.select with a default', 'x: ${oc.select:nowhere,fallback}\n', { x: 'fallback' }),
  d('interp: oc.select of an existing key', 'a: 3\nx: ${oc.select:a,0}\n', { x: int(3) }),
  d('interp: a cycle fails', 'a: ${b}\nb: ${a}\n', 'error'),
  d('interp: a missing key fails', 'a: ${nowhere}\n', 'error'),
  d('interp: an anchor and merge key', 'base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n', { d: map(['x', int(1)], ['y', int(3)]) }),
  d('yaml: a merge list, earlier sources win, keys in PyYAML order (the last source first)', 'A: &A {x: 1, y: 2}\nB: &B {y: 20, z: 30}\nc:\n  w: 4\n  <<: [*A, *B]\n', { c: map(['y', int(2)], ['z', int(30)], ['x', int(1)], ['w', int(4)]) }),
  d('interp: a reference to a ??? stays ??? (so our build fails)', 'a: ???\nb: ${a}\n', { a: '???', b: '???' }),
  d('interp: a string in a string', 'a: hello\nb: "${a} world"\n', { b: 'hello world' }),
  d('interp: an unknown resolver fails', 'a: ${nope:1}\n', 'error'),

  // ── Regressions: counterexamples the differential property shrank to ─────────────────────
  d('regression: brackets in an unquoted resolver argument fail', 'c: [1, {k: 2}]\nx: ${oc.dict.values:c[1]}\n', 'error'),
  d('regression: a malformed interpolation fails even where nothing reads it', 'a: 1\n', undefined, { files: { default: 'a: 1\n', environment: 'dev: {}\nprod:\n  b: ${oc.select:x[0]}\n' }, pin: 'error' }),
  d('regression: oc.dict.values keeps a float a float', 'm: {c: "${oc.decode:\'3.5e2\'}"}\nx: ${oc.dict.values:m}\n', { x: [float(350)] }),
  d('regression: oc.dict.values cannot reach a float key', 'm: {0.5: 1}\nx: ${oc.dict.values:m}\n', 'error'),
  d('regression: oc.dict.keys lists the keys of its own mapping', 'x:\n  m: ${oc.dict.keys:x}\n  n: 1\n', { x: map(['m', ['m', 'n']], ['n', int(1)]) }),
  { name: 'regression: a list over a mapping element of a list, by index, fails', files: { default: 'a: [{}, x]\n' }, overrides: { 'a[0]': [int(1)] }, pin: 'error' },
  { name: 'regression: an override replaces a reference, as update() does', files: { default: 'm: {}\na: ${m}\n' }, overrides: { a: [int(1)] }, pin: { a: [int(1)] } },
  { name: 'regression: a mapping over a reference to a list fails', files: { default: 'b: [1]\nc: ${b}\n', role: 'research:\n  c: {c: null}\n' }, pin: 'error' },
  {
    name: 'regression: an override and one below it conflict',
    files: { default: 'a: {b: 1}\n' },
    overrides: { a: float(2.5), 'a.b': true },
    deliberate: { reason: 'dotted override keys nest into one mapping, so a value and a key below it cannot both be set; OmegaConf applies them one after the other', ours: 'error' },
  },
  {
    ...d('interp: an escaped interpolation stays literal', 'a: 1\nb: \\${a}\n'),
    deliberate: { reason: 'OmegaConf.resolve writes the unescaped `${a}` back, and to_container resolves it again; we keep it literal', ours: { b: '${a}' } },
  },
  {
    ...d('mandatory: ??? left unset fails the build', 'a: ???\n'),
    deliberate: { reason: 'mxm-runtime fails the build where OmegaConf leaves ??? in the data', ours: 'error' },
  },
];
