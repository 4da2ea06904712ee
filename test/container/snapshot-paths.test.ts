/**
 * Snapshots must not change with HOME and TMPDIR: host-specific prefixes are scrubbed, the most
 * specific first, and only as whole path segments.
 */
import { describe, expect, it } from '@jest/globals';
import { scrubPaths } from '../../src/container/snapshot.js';

const scrub = (value: unknown, home: string, tmp: string, store: string) =>
  scrubPaths(value, [
    [store, '<store>'],
    [tmp, '<tmp>'],
    [home, '~'],
  ]);

describe('scrubPaths', () => {
  it('reads a path under the home as ~ whether or not the home is inside the temp directory', () => {
    const inside = scrub({ data: '/tmp/ci-home/mxm/data' }, '/tmp/ci-home', '/tmp', '/srv/store');
    const apart = scrub({ data: '/home/dev/mxm/data' }, '/home/dev', '/var/tmp', '/srv/store');
    expect(inside).toEqual({ data: '~/mxm/data' });
    expect(apart).toEqual(inside);
  });

  it('reads a store inside the home as <store>, not as a path under ~', () => {
    expect(scrub(['/home/dev/stores/a/apps/x/default.yaml'], '/home/dev', '/tmp', '/home/dev/stores/a')).toEqual(['<store>/apps/x/default.yaml']);
  });

  it('replaces whole path segments only', () => {
    expect(scrub({ a: '/tmpfiles/x', b: '/data/tmp/x', c: '/tmp' }, '/home/dev', '/tmp', '/srv/store')).toEqual({ a: '/tmpfiles/x', b: '/data/tmp/x', c: '<tmp>' });
  });

  it('accepts a temp directory given with a trailing slash', () => {
    expect(scrub('/var/tmp/run-1/out', '/home/dev', '/var/tmp/', '/srv/store')).toBe('<tmp>/run-1/out');
  });

  it('treats only an absolute HOME or TMPDIR as a host path (a relative one would replace words)', () => {
    expect(scrub({ environment: 'dev', layer: 'apps/t/default.yaml', path: '/tmp/dev/x' }, 'apps', 'dev', '/srv/store')).toEqual({ environment: 'dev', layer: 'apps/t/default.yaml', path: '/tmp/dev/x' });
  });
});
