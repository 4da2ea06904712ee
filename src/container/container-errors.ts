/**
 * Errors of the container area: resolution failures explained with the token path and the module
 * that bound (or should have bound) each token, and the aggregate error of a failed build.
 */
import { MxmError, formatProblems, type Problem, keepClassNames } from '../errors/mxm-error.js';

/** Resolving a service failed: unbound token, circular dependency, or a provider that threw. */
export class ContainerResolutionError extends MxmError {}

/** A module bound the same token twice. */
export class AmbiguousBindingError extends MxmError {
  constructor(token: string, module: string) {
    super('CONTAINER_AMBIGUOUS_BINDING', `Module '${module}' binds ${token} twice; bind each token once per module (a later module may rebind it).`);
  }
}

/** A module definition is malformed (unknown selector field, empty name). */
export class ModuleDefinitionError extends MxmError {
  constructor(message: string) {
    super('MODULE_INVALID', message);
  }
}

/** Building the context found problems; every one is listed. */
export class RuntimeContextBuildError extends MxmError {
  constructor(identityKey: string, problems: readonly Problem[]) {
    super('CONTEXT_BUILD_FAILED', `Cannot build the runtime context for ${identityKey} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`, { problems });
  }
}

/** The context was disposed and cannot be used. */
export class ContextDisposedError extends MxmError {
  constructor(what: string) {
    super('CONTEXT_DISPOSED', `The runtime context was disposed; cannot read ${what}. Build a new context.`);
  }
}

keepClassNames({ ContainerResolutionError, AmbiguousBindingError, ModuleDefinitionError, RuntimeContextBuildError, ContextDisposedError });
