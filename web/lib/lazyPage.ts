import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A code-split page from a module's named export (modules use named exports, React.lazy wants default). */
export function lazyPage<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
