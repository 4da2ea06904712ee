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

/** Estimated nesting depth of `text`. One pass over the characters; it runs before every parse. */
export function estimateYamlDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  let scalarParent = -1;
  const indents: number[] = [];
  for (let start = 0; start < text.length; ) {
    const found = text.indexOf('\n', start);
    const end = found < 0 ? text.length : found;
    let at = start;
    while (at < end && isBlank(text.charCodeAt(at))) at += 1;
    const indent = at - start;
    const skip = at === end || text[at] === '#' || (scalarParent >= 0 && indent > scalarParent);
    if (!skip) {
      scalarParent = -1;
      if (flow === 0) {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        // `- - k: v`: each compact entry opens a level whose content starts further right.
        while (at < end && isEntryIndicator(text[at] as string) && (at + 1 === end || isBlank(text.charCodeAt(at + 1)))) {
          at += 1;
          while (at < end && isBlank(text.charCodeAt(at))) at += 1;
          indents.push(at - start);
        }
      }
      const line = scanLine(text, at, end, flow);
      deepest = Math.max(deepest, indents.length + line.peak);
      flow = line.opened;
      if (line.scalar) scalarParent = indent;
    }
    start = end + 1;
  }
  return deepest;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

function isEntryIndicator(c: string): boolean {
  return c === '-' || c === '?' || c === ':';
}

/** Flow brackets open after the line, the most open within it, and whether a block scalar starts. */
function scanLine(text: string, from: number, end: number, flowBefore: number): { opened: number; peak: number; scalar: boolean } {
  let flow = flowBefore;
  let peak = flow;
  let quote = '';
  let content = end;
  let indicator = false;
  for (let i = from; i < end; i += 1) {
    const c = text[i] as string;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = '';
      continue;
    }
    const previous = i === from ? ' ' : (text[i - 1] as string);
    if (c === '"' || c === "'") {
      if (/[\s[{,:]/.test(previous)) quote = c;
    } else if (c === '#' && /\s/.test(previous)) {
      content = i;
      break;
    } else if (c === '[' || c === '{') peak = Math.max(peak, (flow += 1));
    else if ((c === ']' || c === '}') && flow > 0) flow -= 1;
    else if (c === '|' || c === '>') indicator = true;
  }
  const scalar = indicator && flow === 0 && /(?:^|[\s:-])[|>][-+0-9]*\s*$/.test(text.slice(from, content));
  return { opened: flow, peak, scalar };
}
