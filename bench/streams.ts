/** Many open Server-Sent Events connections to GET /api/v1/streaming/user, each recording when `update`s arrive. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface StreamClient {
  /** performance.now() at which each post id arrived as an `update`. */
  arrivals: Map<string, number>;
  closed: boolean;
}

export interface StreamCrowd {
  clients: StreamClient[];
  /** How many clients have received `postId`. */
  received(postId: string): number;
  /** Resolves when every open client received `postId`, or after timeoutMs. */
  waitAll(postId: string, timeoutMs: number): Promise<boolean>;
  close(): void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function openOne(url: string, token: string): Promise<{ client: StreamClient; req: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const client: StreamClient = { arrivals: new Map(), closed: false };
    const req = http.get(`${url}/api/v1/streaming/user`, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { res.resume(); reject(new Error(`stream refused: ${res.statusCode}`)); return; }
      res.setEncoding('utf8');
      let buf = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!opened) { opened = true; resolve({ client, req }); }
          if (block.startsWith('event: update\n')) {
            const m = /"id":"(\d+)"/.exec(block);
            if (m && !client.arrivals.has(m[1])) client.arrivals.set(m[1], performance.now());
          }
        }
      });
      res.on('close', () => { client.closed = true; });
    });
    req.on('error', (err) => { client.closed = true; reject(err); });
  });
}

/** Opens one stream per token, `parallel` at a time, each counted open once the server's first comment arrived. */
export async function openStreams(url: string, tokens: string[], parallel = 100): Promise<StreamCrowd> {
  const clients: StreamClient[] = [];
  const reqs: http.ClientRequest[] = [];
  let next = 0;
  async function worker() {
    while (next < tokens.length) {
      const token = tokens[next++];
      const { client, req } = await openOne(url, token);
      clients.push(client); reqs.push(req);
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, tokens.length) }, worker));
  } catch (err) {
    for (const r of reqs) r.destroy();
    throw err;
  }
  const received = (postId: string) => clients.reduce((n, c) => n + (c.arrivals.has(postId) ? 1 : 0), 0);
  return {
    clients,
    received,
    async waitAll(postId, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        if (clients.every((c) => c.closed || c.arrivals.has(postId))) return true;
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close() { for (const r of reqs) r.destroy(); },
  };
}
