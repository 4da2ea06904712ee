/**
 * Loading runtime modules into a container: selection, ordering, the recording binder, and the
 * module records a snapshot shows.
 */
import { Container, ContainerModule, type ServiceIdentifier } from 'inversify';
import type { RuntimeIdentity } from '../identity/runtime-identity.js';
import { BindingManifest } from './manifest.js';
import { moduleLayer, orderModules, selectorMismatch, type ModuleSetup, type RuntimeModule } from './runtime-module.js';

/** The scope bindings get unless they say otherwise: one instance per context. */
export const DEFAULT_SCOPE = 'Singleton';

/** Services every module may read while registering. */
export type ModuleInputs = Omit<ModuleSetup, 'isBound' | 'boundTokens'>;

/** The modules an identity selects, in load order, and the records of all (loaded or not). */
export function selectModules(modules: readonly RuntimeModule[], identity: RuntimeIdentity): { loaded: RuntimeModule[]; manifest: BindingManifest } {
  const manifest = new BindingManifest();
  const loaded: RuntimeModule[] = [];
  for (const module of orderModules(modules)) {
    const reason = selectorMismatch(module.when, identity);
    manifest.modules.push({ name: module.name, kind: module.kind, layer: moduleLayer(module), when: module.when, loaded: reason === undefined, reason });
    if (reason === undefined) loaded.push(module);
  }
  return { loaded, manifest };
}

/** Creates the container and loads the selected modules into it, recording every binding. */
export function loadModules(modules: readonly RuntimeModule[], manifest: BindingManifest, inputs: ModuleInputs): Container {
  const container = new Container({ autobind: true, defaultScope: DEFAULT_SCOPE });
  for (const module of modules) {
    container.load(
      new ContainerModule((options) => {
        const bind = manifest.binderFor(module.name, options, DEFAULT_SCOPE);
        module.register(bind, {
          ...inputs,
          isBound: (token: ServiceIdentifier) => manifest.get(token) !== undefined || options.isBound(token),
          boundTokens: () => manifest.tokens(),
        });
      }),
    );
  }
  return container;
}
