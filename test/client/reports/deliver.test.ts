// Handing the file over: share sheet where files can be shared, download otherwise or when
// sharing is refused (e.g. the user gesture expired during a long export).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliver } from '../../../src/client/reports/deliver';

const clicks: { href: string; download: string }[] = [];
function fakeDom(nav: Partial<Navigator>) {
  vi.stubGlobal('navigator', nav);
  vi.stubGlobal('document', {
    createElement: () => {
      const a = {
        href: '',
        download: '',
        rel: '',
        style: {},
        click() {
          clicks.push({ href: a.href, download: a.download });
        },
        remove() {},
      };
      return a;
    },
    body: { append() {} },
  });
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:fake');
}
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  clicks.length = 0;
});

const blob = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
const NAME = 'Besuchsbericht_Offenbach-Nordend_2026-05-04.pdf';

describe('deliver', () => {
  it('shares the file when the browser can share files', async () => {
    const share = vi.fn().mockResolvedValue(undefined);
    fakeDom({ canShare: () => true, share });
    await expect(deliver(blob, NAME)).resolves.toBe('shared');
    const files = (share.mock.calls[0]![0] as ShareData).files!;
    expect(files[0]!.name).toBe(NAME);
    expect(files[0]!.type).toBe('application/pdf');
    expect(clicks).toEqual([]);
  });

  it('downloads when sharing is refused, and when files cannot be shared at all', async () => {
    fakeDom({
      canShare: () => true,
      share: vi.fn().mockRejectedValue(new DOMException('no gesture', 'NotAllowedError')),
    });
    await expect(deliver(blob, NAME)).resolves.toBe('downloaded');
    fakeDom({});
    await expect(deliver(blob, NAME)).resolves.toBe('downloaded');
    expect(clicks).toEqual([
      { href: 'blob:fake', download: NAME },
      { href: 'blob:fake', download: NAME },
    ]);
  });

  it('does nothing more when the person closes the share sheet', async () => {
    fakeDom({
      canShare: () => true,
      share: vi.fn().mockRejectedValue(new DOMException('cancelled', 'AbortError')),
    });
    await expect(deliver(blob, NAME)).resolves.toBe('dismissed');
    expect(clicks).toEqual([]);
  });
});
