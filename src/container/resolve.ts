/**
 * Resolving a service from the container, with inversify's failures explained: which token was
 * unbound and where it was defined, which path of tokens led there, which module bound what.
 */
import type { Container, ServiceIdentifier } from 'inversify';
import { MxmError } from '../errors/mxm-error.js';
import { ContainerResolutionError } from './container-errors.js';
import type { BindingManifest } from './manifest.js';
import { serviceName, tokenInfo, type Token } from './token.js';

const UNBOUND = /No bindings found for service: "([^"]+)"/;
const CIRCULAR = /Circular dependency found: (.+)/;
const TRYING = /Trying to resolve bindings for "([^"]+)"/;

/** Inversify's rendering of a symbol (`Symbol(mxm-runtime:mxm.secrets)`) back to a readable name. */
function readableName(rendered: string): { name: string; definedIn?: string | undefined } {
  const m = /^Symbol\((.*)\)$/.exec(rendered);
  if (m === null) return { name: rendered };
  const symbol = Symbol.for(m[1] as string);
  const info = tokenInfo(symbol);
  return info === undefined ? { name: m[1] as string } : { name: info.name, definedIn: info.definedIn };
}

/**
 * Gets a service, translating container failures.
 *
 * @throws {ContainerResolutionError} `CONTAINER_UNBOUND` naming the unbound token, where it was
 *   defined and what needed it; `CONTAINER_CIRCULAR` with the cycle of tokens;
 *   `CONTAINER_RESOLUTION_FAILED` when a provider threw something that is not an MxmError.
 * @throws {MxmError} a provider's own typed error, unchanged.
 */
export function resolveService<T>(container: Container, token: Token<T> | ServiceIdentifier<T>, manifest: BindingManifest): T {
  // Token<T> is a symbol carrying its type; the container sees a plain identifier.
  const id = token as ServiceIdentifier<T>;
  try {
    return container.get(id);
  } catch (error) {
    throw translateResolutionError(error, id, manifest);
  }
}

/** Turns a container failure into a typed, explained error; typed errors pass through. */
export function translateResolutionError(error: unknown, token: ServiceIdentifier, manifest: BindingManifest): Error {
  if (error instanceof MxmError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const requested = serviceName(token);
  const unbound = UNBOUND.exec(message);
  if (unbound !== null) {
    const missing = readableName(unbound[1] as string);
    const via = TRYING.exec(message)?.[1];
    const path = via === undefined || via === requested ? requested : `${requested} → ${via.replace(/ \(Root service\)$/, '')}`;
    const bound = manifest.records().map((r) => `${r.token} (${r.module})`).join(', ');
    return new ContainerResolutionError(
      'CONTAINER_UNBOUND',
      `Cannot resolve ${requested}: nothing is bound to ${missing.name}${missing.definedIn === undefined ? '' : ` (a token defined in ${missing.definedIn})`}.\n  path: ${path} → ${missing.name}\n  bound tokens: ${bound || '(none)'}\n  hint: bind it in a deployment module, or load the provider that offers it.`,
      { cause: error },
    );
  }
  const circular = CIRCULAR.exec(message);
  if (circular !== null) {
    const cycle = (circular[1] as string).split(' -> ').map((rendered) => {
      const { name } = readableName(rendered.trim());
      const symbol = /^Symbol\((.*)\)$/.exec(rendered.trim());
      const bound = symbol === null ? undefined : manifest.get(Symbol.for(symbol[1] as string));
      return bound === undefined ? name : `${name} (${bound.module})`;
    });
    const owner = manifest.get(token);
    return new ContainerResolutionError(
      'CONTAINER_CIRCULAR',
      `Cannot resolve ${requested}${owner === undefined ? '' : ` (bound by module '${owner.module}')`}: circular dependency ${cycle.join(' → ')}.`,
      { cause: error },
    );
  }
  const record = manifest.get(token);
  return new ContainerResolutionError(
    'CONTAINER_RESOLUTION_FAILED',
    `Cannot resolve ${requested}${record === undefined ? '' : ` (bound by module '${record.module}')`}: ${message.split('\n')[0] ?? message}`,
    { cause: error },
  );
}
