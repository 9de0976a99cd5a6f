import type { LaunchableModule } from './module.js';

/** The modules of one run, by name. NamedModule resolves here at launch time. */
export class ModuleRegistry {
  private readonly modules = new Map<string, LaunchableModule>();

  add(module: LaunchableModule): void {
    if (this.modules.has(module.name)) throw new Error(`duplicate module name "${module.name}"`);
    this.modules.set(module.name, module);
  }

  get(name: string): LaunchableModule | undefined {
    return this.modules.get(name);
  }

  names(): string[] {
    return [...this.modules.keys()];
  }
}
