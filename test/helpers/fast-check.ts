/**
 * fast-check as the property tests use it: a random seed on a developer's machine, to keep
 * exploring; a fixed one under CI=true, so a landing never depends on a lucky draw. A failure
 * prints its seed and path, and becomes a regression test of its own.
 */
import fc from 'fast-check';

if (process.env['CI'] === 'true') fc.configureGlobal({ seed: 20_261_124 });

export default fc;
