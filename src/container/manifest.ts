/**
 * The binding manifest: which module bound which token, how, and what it replaced.
 *
 * Owns: recording bindings as modules make them (through a binder that wraps inversify's), and
 * the sorted, serialisable view snapshots use. Inversify keeps no such record of its own.
 */
import type { BindToFluentSyntax, ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { AmbiguousBindingError } from './container-errors.js';
import type { BindFn, ModuleLayer, ModuleSelector } from './runtime-module.js';
import { serviceName } from './token.js';

/** How one token is bound. */
export interface BindingRecord {
  readonly token: string;
  /** `constant`, `class`, `dynamic`, `resolved`, `factory`, `alias`. */
  kind: string;
  /** `Singleton`, `Transient` or `Request`. */
  scope: string;
  readonly module: string;
  /** The class or service a `class`/`alias` binding points at. */
  target?: string;
  /** Modules whose binding of this token this one replaced, in load order. */
  readonly overrode: readonly string[];
}

/** Whether and why a module was loaded. */
export interface ModuleRecord {
  readonly name: string;
  readonly kind: 'provider' | 'deployment';
  readonly layer: ModuleLayer;
  readonly when?: ModuleSelector | undefined;
  readonly loaded: boolean;
  /** Why it was not loaded. */
  readonly reason?: string | undefined;
}

/** Records bindings and modules of one container. */
export class BindingManifest {
  private readonly bindings = new Map<ServiceIdentifier, BindingRecord>();
  readonly modules: ModuleRecord[] = [];

  /** The record of a token's binding, if any module bound it. */
  get(token: ServiceIdentifier): BindingRecord | undefined {
    return this.bindings.get(token);
  }

  /**
   * Every binding, sorted by token name in code-point order: the same order on every machine
   * whatever its locale (snapshots compare it), and no collator to load (`localeCompare` builds
   * ICU's on first use, about 8 ms of a cold start).
   */
  records(): BindingRecord[] {
    return [...this.bindings.values()].sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  }

  /** Every bound token. */
  tokens(): ServiceIdentifier[] {
    return [...this.bindings.keys()];
  }

  /**
   * A bind function for one module: records each binding, replaces an earlier module's binding of
   * the same token, and refuses a second binding of a token within the module.
   */
  binderFor(moduleName: string, options: ContainerModuleLoadOptions, defaultScope: string): BindFn {
    const boundHere = new Set<ServiceIdentifier>();
    return <T>(token: ServiceIdentifier<T>): BindToFluentSyntax<T> => {
      if (boundHere.has(token)) throw new AmbiguousBindingError(serviceName(token), moduleName);
      boundHere.add(token);
      const earlier = this.bindings.get(token);
      const record: BindingRecord = {
        token: serviceName(token),
        kind: 'unknown',
        scope: defaultScope,
        module: moduleName,
        overrode: earlier === undefined ? [] : [...earlier.overrode, earlier.module],
      };
      this.bindings.set(token, record);
      const syntax = earlier !== undefined || options.isBound(token) ? options.rebind(token) : options.bind(token);
      return recording(syntax, record);
    };
  }
}

const KIND_OF: Readonly<Record<string, string>> = {
  to: 'class',
  toSelf: 'class',
  toConstantValue: 'constant',
  toDynamicValue: 'dynamic',
  toResolvedValue: 'resolved',
  toFactory: 'factory',
  toService: 'alias',
};
const SCOPE_OF: Readonly<Record<string, string>> = { inSingletonScope: 'Singleton', inTransientScope: 'Transient', inRequestScope: 'Request' };

/** Wraps inversify's fluent syntax so each call is noted in the record. */
function recording<S extends object>(syntax: S, record: BindingRecord): S {
  return new Proxy(syntax, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const kind = KIND_OF[property];
        if (kind !== undefined) {
          record.kind = kind;
          if (kind === 'constant') record.scope = 'Singleton';
          if (property === 'to' || property === 'toService') record.target = serviceName(args[0]);
          if (property === 'toSelf') record.target = record.token;
        }
        const scope = SCOPE_OF[property];
        if (scope !== undefined) record.scope = scope;
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result !== null && typeof result === 'object' ? recording(result, record) : result;
      };
    },
  });
}
