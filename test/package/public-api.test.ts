/**
 * The public API is closed: every type a public export takes, returns or extends, and every error
 * its TSDoc says it throws, is itself exported from the package root — so a user can name it,
 * catch it with `instanceof` and annotate with it.
 *
 * Read with the TypeScript compiler over src/index.ts: the same declarations the package ships.
 */
import { describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../..');

/** The package root's exports and, for each, the project types and thrown errors it mentions. */
function publicApi(): { exported: Set<string>; missing: Map<string, Set<string>> } {
  const program = ts.createProgram([resolve(ROOT, 'src/index.ts')], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, experimentalDecorators: true, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(resolve(ROOT, 'src/index.ts'));
  if (index === undefined) throw new Error('src/index.ts not in the program');
  const moduleSymbol = checker.getSymbolAtLocation(index);
  if (moduleSymbol === undefined) throw new Error('src/index.ts has no module symbol');
  const exportedSymbols = checker.getExportsOfModule(moduleSymbol).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
  const exported = new Set(exportedSymbols.map((s) => s.getName()));
  const exportedSet = new Set(exportedSymbols);
  const missing = new Map<string, Set<string>>();
  const note = (owner: string, name: string) => {
    if (!missing.has(name)) missing.set(name, new Set());
    missing.get(name)?.add(owner);
  };
  const inProject = (symbol: ts.Symbol) => (symbol.declarations ?? []).some((d) => !d.getSourceFile().fileName.includes('node_modules') && d.getSourceFile().fileName.startsWith(ROOT));
  const hidden = (node: ts.Node) =>
    ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal') ||
    (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) ||
    ((ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && ts.isPrivateIdentifier(node.name));

  const visit = (owner: string, node: ts.Node): void => {
    if (hidden(node) || ts.isBlock(node)) return; // bodies and internals are not the API
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const at = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      let symbol = checker.getSymbolAtLocation(at);
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const helper = (symbol?.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal'));
      if (symbol !== undefined && !helper && !(symbol.flags & ts.SymbolFlags.TypeParameter) && inProject(symbol) && !exportedSet.has(symbol)) note(owner, symbol.getName());
    }
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== 'throws' || typeof tag.comment !== 'string' && tag.comment !== undefined) continue;
      const thrown = /^\s*\{(\w+)\}/.exec(tag.getText())?.[1];
      if (thrown !== undefined && !exported.has(thrown) && !['Error', 'TypeError', 'RangeError'].includes(thrown)) note(owner, thrown);
    }
    ts.forEachChild(node, (child) => visit(owner, child));
  };
  for (const symbol of exportedSymbols) for (const declaration of symbol.declarations ?? []) if (inProject(symbol)) visit(symbol.getName(), declaration);
  return { exported, missing };
}

describe('the public API', () => {
  const api = publicApi();

  it('exports every project type and error that an export mentions or throws', () => {
    const report = [...api.missing].map(([name, owners]) => `${name} (used by ${[...owners].sort().join(', ')})`).sort();
    expect(report).toEqual([]);
  });

  it('exports the types and errors users reported missing', () => {
    for (const name of ['DeploymentModuleDefinition', 'SecretsModel', 'TokenInfo', 'ModuleLayer', 'BindingManifest', 'PathsConfigError', 'DatabasesError']) {
      expect(api.exported.has(name)).toBe(true);
    }
  });
});
