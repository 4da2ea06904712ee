import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-store.js';

/**
 * A stand-in program (a shell script) in a temporary directory that records its argv, one line
 * per call, before running `script`. Used for gopass, which cannot be installed here.
 */
export function fakeProgram(name: string, script: string) {
  const dir = tempDir({});
  const bin = join(dir.root, name);
  // gopass is asked `gopass ls` (is the store ready?) before its first read, as mxm-secrets asks:
  // the stand-in answers yes, unlogged, so argv holds the reads alone.
  const ready = name === 'gopass' ? 'if [ "$1" = ls ]; then exit 0; fi\n' : '';
  writeFileSync(bin, `#!/bin/sh\n${ready}printf '%s\\n' "$*" >> "${dir.root}/argv"\n${script}\n`);
  chmodSync(bin, 0o755);
  const argv = (): string => {
    try {
      return readFileSync(join(dir.root, 'argv'), 'utf8');
    } catch {
      return '';
    }
  };
  return { ...dir, bin, argv };
}
