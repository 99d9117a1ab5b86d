// The head of a sync answer (docs/architecture.md §Pull, §Sync run step 7): its cursor and
// hasMore, read from the first bytes so the next page can be asked while the rest arrives. A
// head that cannot be read is skipped (the answer is still validated whole).
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { peekHead, postSync } from '../../../src/client/sync/transport';

const head = `{"protocol":${PROTOCOL_VERSION},"results":[],"lastClientSeq":0,"cursor":"42","hasMore":true`;

describe('page head', () => {
  it('reads cursor and hasMore once the changes begin, and waits for more text before', () => {
    expect(peekHead(head)).toBeUndefined();
    expect(peekHead(`${head},"changes":[{"seq":4`)).toEqual({
      cursor: '42',
      hasMore: true,
      reset: false,
    });
    expect(peekHead(`${head},"reset":{"reason":"scope_changed"},"changes":[`)).toMatchObject({
      reset: true,
    });
  });

  it('skips a head it cannot trust: a nested key named changes, another protocol, no cursor, too long', () => {
    // A key "changes" nested in a result is no head: its prefix is not a closed object.
    const nested = `{"protocol":${PROTOCOL_VERSION},"results":[{"clientSeq":1,"changes":[]}],"cursor":"1","hasMore":true,"changes":[`;
    expect(peekHead(nested)).toBeNull();
    expect(
      peekHead(`{"protocol":${PROTOCOL_VERSION + 1},"cursor":"1","hasMore":true,"changes":[`),
    ).toBeNull();
    expect(peekHead(`{"protocol":${PROTOCOL_VERSION},"hasMore":true,"changes":[`)).toBeNull();
    expect(
      peekHead(`{"protocol":${PROTOCOL_VERSION},"cursor":"1e3","hasMore":true,"changes":[`),
    ).toBeNull();
    expect(peekHead(`{"results":["${'x'.repeat(70_000)}`)).toBeNull();
  });

  it('postSync tells the head before the answer has fully arrived', async () => {
    const body = `${head},"changes":[],"minSchemaVersion":2,"serverTime":"2026-01-01T00:00:00.000Z"}`;
    const bytes = new TextEncoder().encode(body);
    let release = () => {};
    const rest = new Promise<void>((r) => (release = r));
    let heard: unknown = null;
    let whole = false;
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async start(c) {
            c.enqueue(bytes.slice(0, head.length + 14));
            await rest;
            c.enqueue(bytes.slice(head.length + 14));
            whole = true;
            c.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const done = postSync(
      {
        protocol: PROTOCOL_VERSION,
        appVersion: 't',
        schemaVersion: 2,
        clientId: '0190a000-0000-7000-8000-000000000001',
        cursor: '7',
        outboxHighWater: 0,
        mutations: [],
        pullLimit: 10,
      },
      {
        baseUrl: 'http://test',
        token: 't',
        fetch,
        now: Date.now,
        onHead: (h) => {
          heard = { ...h, whole };
          release();
        },
      },
    );
    const r = await done;
    expect(heard).toEqual({ cursor: '42', hasMore: true, reset: false, whole: false });
    expect(r).toMatchObject({ kind: 'ok', res: { cursor: '42', hasMore: true } });
  });
});
