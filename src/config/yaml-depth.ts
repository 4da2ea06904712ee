/**
 * A linear pre-scan that estimates how deeply a YAML text nests, before any parser recurses into
 * it. The `yaml` parser recurses once per level and overflows the stack near a thousand levels;
 * an overflow inside V8's own machinery (a regular-expression compile) can abort the process
 * instead of throwing. So absurd nesting is refused here, cheaply, first.
 *
 * Owns: the estimate. It counts block levels (distinct indentations, compact `- ` entries) and
 * open flow brackets outside quotes and comments, skipping block-scalar bodies. It never
 * underestimates real nesting by more than a few levels and is far above any real config file.
 */

/** Estimated nesting depth of `text`. */
export function estimateYamlDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  const indents: number[] = [];
  let scalarParent = -1;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith('#')) continue;
    if (scalarParent >= 0) {
      if (indent > scalarParent) continue;
      scalarParent = -1;
    }
    if (flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
      indents.push(indent);
      // `- - k: v`: each compact entry opens a level whose content starts further right.
      const entries = /^(?:[-?:](?:[ \t]+|$))*/.exec(content)?.[0] ?? '';
      for (const token of entries.matchAll(/[-?:][ \t]*/g)) indents.push(indent + token.index + token[0].length);
    }
    const { opened, peak, scalar } = scanLine(content, flow);
    deepest = Math.max(deepest, indents.length + peak);
    flow = opened;
    if (scalar) scalarParent = indent;
  }
  return deepest;
}

/** Flow brackets open after the line, the most open within it, and whether a block scalar starts. */
function scanLine(content: string, flowBefore: number): { opened: number; peak: number; scalar: boolean } {
  let flow = flowBefore;
  let peak = flow;
  let quote = '';
  for (let i = 0; i < content.length; i += 1) {
    const c = content[i] as string;
    const previous = i === 0 ? ' ' : (content[i - 1] as string);
    if (quote !== '') {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' || c === "'") && /[\s[{,:]/.test(previous)) quote = c;
    else if (c === '#' && /\s/.test(previous)) break;
    else if (c === '[' || c === '{') peak = Math.max(peak, (flow += 1));
    else if ((c === ']' || c === '}') && flow > 0) flow -= 1;
  }
  const scalar = flow === 0 && /(?:^|[\s:-])[|>][-+0-9]*(?:\s+#.*)?$/.test(content);
  return { opened: flow, peak, scalar };
}
