// Names the browser a figure was measured in (Debian's Chromium and its version) and the CPU
// throttling used, for the "machine" column of BENCHMARKS.md.
import { execFileSync } from 'node:child_process';

let version: string | undefined;

export function chromiumEnv(cpu: string): string {
  if (version === undefined) {
    try {
      version =
        execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).match(
          /Chromium (\d+)/,
        )?.[1] ?? '';
    } catch {
      version = '';
    }
  }
  return `Chromium ${version} (Debian), ${cpu}`;
}
