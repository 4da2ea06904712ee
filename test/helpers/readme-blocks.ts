/**
 * The README's code blocks, as the consumer test uses them. A block the test compiles or runs is
 * preceded by `<!-- consumer-test: <target> … -->`, where the target is the file it becomes in the
 * consumer project (or `install`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One fenced block of README.md. */
export interface ReadmeBlock {
  readonly language: string;
  readonly code: string;
  /** The marker's target, when the block is marked. */
  readonly target?: string | undefined;
  /** The name of another test's marker (`<!-- readme-postgres-app -->`), when the block has one. */
  readonly marker?: string | undefined;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Every fenced block of the README, with its consumer-test target when marked. */
export function readmeBlocks(text = readFileSync(README, 'utf8')): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i] as string);
    if (open === null) continue;
    const marker = /^<!-- consumer-test: (\S+)/.exec(lines[i - 1] ?? '');
    const other = /^<!-- (readme-[\w-]+)/.exec(lines[i - 1] ?? '');
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith('```'); i++) body.push(lines[i] as string);
    blocks.push({ language: open[1] ?? '', code: `${body.join('\n')}\n`, target: marker?.[1], marker: other?.[1], line: start + 1 });
  }
  return blocks;
}

/** The block marked for `target`. */
export function readmeBlock(target: string): ReadmeBlock {
  const block = readmeBlocks().find((b) => b.target === target);
  if (block === undefined) throw new Error(`README.md has no block marked <!-- consumer-test: ${target} -->`);
  return block;
}
