/**
 * Random config stores for the differential property: layers that collide key by key, YAML 1.1
 * scalars and tags, anchors and merge keys, interpolations of every kind (whole, embedded,
 * resolvers, nested), dimension blocks that are themselves references, overrides with list
 * indices, and the error cases that come with them (missing keys, cycles, kind changes).
 */
import fc from '../helpers/fast-check.js';
import { float, int, type ParityStore, type Tagged } from '../helpers/omegaconf.js';

/** YAML scalar texts, as a store author writes them. */
const SCALARS = [
  '0', '1', '-3', '+7', '1_000', '017', '0x1F', '0b11', '190:20:30', '1:30.5',
  '1.5', '-0.25', '1.0', '1000.0', '1e5', '1E-3', '.5', '1.', '0_e0', '1_1e3', '2.5e-07', '1.0e+20',
  '.inf', '-.inf', '.nan', 'true', 'False', 'yes', 'off', 'null', '~', '""', 'hello', '"two words"',
  "'it''s'", '"tab\\there"', '2024-01-02', '9007199254740993', '-9223372036854775808',
  '!!float 1', '!!int "42"', '!!str 12', '!!bool on', '!!null ""', '???', 'a,b', '"[1, 2]"',
] as const;

// No bool-like key: Python's True == 1 would fold `yes:` and `1:` into one key, which no store
// relies on. No int key either: a JavaScript object lists integer keys first, a known difference
// (corpus.ts) that would otherwise show in every rendered mapping; the corpus covers int keys.
const KEYS = ['a', 'b', 'c', 'x', 'list', 'm', 'n_1', '0.5'] as const;

/** Resolver-argument texts for defaults and decode. */
const DEFAULTS = ['true', '1.0', '5', 'a\\,b', 'null', "'q, r'", ' spaced ', '1e3', '[1, 2]'] as const;
const DECODED = ['42', '007', ' 42 ', '[1, a, true]', '{a: 1}', '3.5e2', '1_000', 'null', 'true', 'text'] as const;

/** A node of a generated tree; references pick their target when the store is written. */
export type GenNode =
  | { readonly kind: 'leaf'; readonly text: string }
  | { readonly kind: 'ref'; readonly pick: number; readonly style: number; readonly arg: number }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, GenNode])[] }
  | { readonly kind: 'list'; readonly items: readonly GenNode[] };

const { tree } = fc.letrec<{ tree: GenNode; node: GenNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: fc.constantFrom(...SCALARS).map((text): GenNode => ({ kind: 'leaf', text })) },
    { weight: 3, arbitrary: fc.record({ pick: fc.nat(), style: fc.nat(9), arg: fc.nat(20) }).map((r): GenNode => ({ kind: 'ref', ...r })) },
    { weight: 2, arbitrary: tie('tree') },
    { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((items): GenNode => ({ kind: 'list', items })) },
  ),
  tree: fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4, selector: ([k]) => k }).map((entries): GenNode => ({ kind: 'map', entries })),
}));

/** The paths of a tree (`a`, `a.b`, `a.list[0]`) and whether each holds a mapping. */
function pathsOf(node: GenNode, prefix: string, out: { path: string; map: boolean }[]): void {
  if (node.kind === 'map') {
    for (const [k, v] of node.entries) {
      const path = prefix === '' ? k : `${prefix}.${k}`;
      out.push({ path, map: v.kind === 'map' });
      pathsOf(v, path, out);
    }
  } else if (node.kind === 'list') {
    node.items.forEach((v, i) => {
      const path = `${prefix}[${i}]`;
      out.push({ path, map: v.kind === 'map' });
      pathsOf(v, path, out);
    });
  }
}

const ENV = { MXM_PARITY_SET: '8080', MXM_PARITY_WORD: 'on' } as const;
const VARS = ['MXM_PARITY_SET', 'MXM_PARITY_WORD', 'MXM_PARITY_UNSET'] as const;

function refText(node: Extract<GenNode, { kind: 'ref' }>, paths: readonly { path: string; map: boolean }[]): string {
  const target = paths.length === 0 ? 'nowhere' : (paths[node.pick % paths.length] as { path: string }).path;
  const maps = paths.filter((p) => p.map);
  const variable = VARS[node.arg % VARS.length] as string;
  const dflt = DEFAULTS[node.arg % DEFAULTS.length] as string;
  switch (node.style) {
    case 0:
    case 1:
      return `'\${${target}}'`;
    case 2:
      return `'v=\${${target}};'`;
    case 3:
      return `'\${oc.env:${variable},${dflt}}'`;
    case 4:
      return `'\${oc.select:${node.arg % 3 === 0 ? 'nowhere' : target},${dflt}}'`;
    case 5:
      return `"\${oc.decode:'${DECODED[node.arg % DECODED.length] as string}'}"`;
    case 6:
      return `'\${env:${variable},${dflt}}'`;
    case 7:
      return `'\${oc.dict.${node.arg % 2 === 0 ? 'keys' : 'values'}:${maps.length === 0 ? target : (maps[node.arg % maps.length] as { path: string }).path}}'`;
    case 8:
      return `'\${oc.decode:\${oc.env:${variable},${dflt}}}'`;
    default:
      return `'[\${${target}}, \${oc.env:${variable},${dflt}}]'`;
  }
}

/** Writes a tree as block YAML; references become interpolations into `paths`. */
export function toYaml(node: GenNode, paths: readonly { path: string; map: boolean }[], indent = 0): string {
  const pad = ' '.repeat(indent);
  const inline = (v: GenNode): string | undefined => {
    if (v.kind === 'leaf') return v.text;
    if (v.kind === 'ref') return refText(v, paths);
    if (v.kind === 'map' && v.entries.length === 0) return '{}';
    if (v.kind === 'list' && v.items.length === 0) return '[]';
    return undefined;
  };
  if (node.kind === 'map') {
    return node.entries.map(([k, v]) => {
      const text = inline(v);
      return text === undefined ? `${pad}${k}:\n${toYaml(v, paths, indent + 2)}` : `${pad}${k}: ${text}\n`;
    }).join('');
  }
  if (node.kind === 'list') {
    return node.items.map((v) => {
      const text = inline(v);
      return text === undefined ? `${pad}-\n${toYaml(v, paths, indent + 2)}` : `${pad}- ${text}\n`;
    }).join('');
  }
  return `${pad}${inline(node) ?? ''}\n`;
}

// No integral float (`1.0`): a JavaScript caller's overrides cannot tell 1.0 from 1 (the CLI's
// `--set x=1.0` can, and the corpus covers it).
const OVERRIDE_VALUES: readonly Tagged[] = [int(5), float(2.5), 'text', true, null, [int(1)], { $map: [['k', 'str', 'v']] }];

/**
 * Whether an override may name this path: a dotted path cannot name the float key `0.5` (it
 * reads `0` then `5`), here or in OmegaConf.
 */
const overridable = (path: string): boolean => !/(?:^|\.)0\.5(?:$|[.[])/.test(path);

/** The generated parts of one store, before it is written. */
export interface GeneratedStore {
  readonly base: GenNode;
  readonly anchors: boolean;
  readonly environment: { readonly dev: GenNode | 'ref-prod'; readonly prod: GenNode } | undefined;
  readonly role: GenNode | undefined;
  readonly overrides: readonly (readonly [number, number])[];
}

/** A random store, as its generated parts. */
export const generatedStore: fc.Arbitrary<GeneratedStore> = fc.record({
  base: tree,
  anchors: fc.boolean(),
  environment: fc.option(fc.record({ dev: fc.oneof({ weight: 5, arbitrary: tree }, { weight: 1, arbitrary: fc.constant('ref-prod' as const) }), prod: tree }), { nil: undefined }),
  role: fc.option(tree, { nil: undefined }),
  overrides: fc.array(fc.tuple(fc.nat(), fc.nat(OVERRIDE_VALUES.length - 1)), { maxLength: 2 }),
});

/** Writes the generated parts as a store both sides can read. */
export function writeStore(g: GeneratedStore): ParityStore {
  const paths: { path: string; map: boolean }[] = [];
  pathsOf(g.base, '', paths);
  const anchorText = g.anchors ? 'base_a: &base {p: 1, q: [1, 2]}\nderived_a:\n  <<: *base\n  q: 3\nalias_a: *base\n' : '';
  const files: Record<string, string> = { default: `${anchorText}${toYaml(g.base, paths)}` };
  if (g.environment !== undefined) {
    const prod = toYaml(g.environment.prod, paths, 2);
    const dev = g.environment.dev === 'ref-prod' ? ' ${prod}\n' : `\n${toYaml(g.environment.dev, paths, 2)}`;
    files['environment'] = `prod:\n${prod === '' ? '  {}\n' : prod}dev:${dev === '\n' ? ' {}\n' : dev}`;
  }
  if (g.role !== undefined) {
    const research = toYaml(g.role, paths, 2);
    files['role'] = `research:\n${research === '' ? '  {}\n' : research}`;
  }
  const overrides: Record<string, Tagged> = {};
  const targets = paths.filter((p) => overridable(p.path));
  for (const [pick, value] of g.overrides) {
    const target = targets[pick % Math.max(1, targets.length)]?.path;
    // A path and one below it (`a` and `a.b`) is a conflict we report; OmegaConf applies both in turn.
    const clash = (other: string): boolean => other === target || other.startsWith(`${target}.`) || other.startsWith(`${target}[`) || (target?.startsWith(`${other}.`) ?? false) || (target?.startsWith(`${other}[`) ?? false);
    if (target !== undefined && !Object.keys(overrides).some(clash)) overrides[target] = OVERRIDE_VALUES[value] as Tagged;
  }
  return { files, env: ENV, ...(Object.keys(overrides).length > 0 ? { overrides } : {}) };
}
