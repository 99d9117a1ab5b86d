// A component loaded on first use (Solid's lazy). When its chunk cannot be loaded, the preload
// guard (device/preload-reload.ts) takes the error — it reloads the page once, or says why — and
// the import then answers undefined: until the reload this renders nothing instead of throwing
// on the missing module (an uncaught TypeError in the person's console).
import { type Component, lazy } from 'solid-js';

const Blank = () => null;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Solid's own lazy()
export function lazyOrBlank<T extends Component<any>>(
  load: () => Promise<{ default: T } | undefined>,
) {
  return lazy(async () => (await load()) ?? { default: Blank as unknown as T });
}
