// zod, configured once: jitless so that no code is generated with `new Function`
// (the Content-Security-Policy forbids 'unsafe-eval').
import { z } from 'zod';

z.config({ jitless: true });

export { z };
