// Raw HTTP/1.1 over node:net for requests fetch refuses to send (lying Content-Length, TE + CL,
// NUL in paths). The app on a real port for it: listen() in test/support/server.ts.
import { connect } from 'node:net';

/** Sends `head` (request line + headers, CRLF-separated, without the blank line) and `body`; returns the first status code (0: connection closed without an answer). */
export function rawRequest(
  port: number,
  head: string,
  body: Buffer | string = '',
  opts: { slowTail?: Buffer } = {},
): Promise<number> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      ok(m ? Number(m[1]) : 0);
    };
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (/\r\n\r\n/.test(answer)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(`${head}\r\n\r\n`);
    socket.write(body);
    if (opts.slowTail)
      setTimeout(() => {
        if (!socket.destroyed) socket.write(opts.slowTail!);
      }, 50);
  });
}
