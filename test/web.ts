/**
 * A minimal browser for page tests without a real one: keeps cookies, follows nothing by itself, and fills in
 * a form's CSRF field from the last page it loaded — the way a person's browser would. Browser tests proper
 * (JavaScript on and off, axe) use Chromium; this is for fast checks of forms, redirects and escaping.
 */
export interface WebResponse {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<WebResponse> {
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.lastPage = text;
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  /** The CSRF token of the last page loaded (every form on a page carries the same one). */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastPage);
    if (!m) throw new Error('the last page has no form with a CSRF field');
    return m[1];
  }

  /** Posts a form (urlencoded, or multipart when a field is a Blob) with the CSRF token of the last page. */
  async post(path: string, fields: Record<string, string | Blob | string[]>, opts: { csrf?: string | null } = {}): Promise<WebResponse> {
    const token = opts.csrf === undefined ? this.csrf() : opts.csrf;
    const multipart = Object.values(fields).some((v) => v instanceof Blob);
    let body: URLSearchParams | FormData;
    if (multipart) {
      const form = new FormData();
      if (token) form.append('_csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
      body = form;
    } else {
      const params = new URLSearchParams();
      if (token) params.append('_csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one as string);
      body = params;
    }
    const res = await fetch(this.baseUrl + path, { method: 'POST', redirect: 'manual', body, headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.lastPage = text;
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  /** Loads the log-in page and signs in; afterwards the client holds the session cookie. */
  async logIn(handle: string, passphrase: string): Promise<void> {
    await this.get('/login');
    const res = await this.post('/login', { handle, passphrase });
    if (res.status !== 303) throw new Error(`log-in failed (${res.status}): ${res.text.slice(0, 300)}`);
  }
}
