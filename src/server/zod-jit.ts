// zod compiles its object parsers (new Function) unless told not to; shared/zod.ts tells it not
// to, because the app's Content-Security-Policy forbids eval in the browser. The server runs under
// no such policy, and the compiled parsers validate a sync push's mutations in about two thirds of
// the time. A schema takes the setting when it is built, so main.ts imports this module before
// any other: every schema of the server process is built after it.
import { z } from '../shared/zod';

z.config({ jitless: false });
