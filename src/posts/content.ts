import { escapeHtml } from '../http/api/entities/account.js';

/** Mastodon's default limit; counted as Mastodon counts (see statusLength). */
export const MAX_STATUS_CHARS = 500;
/** Mastodon counts every link as 23 characters, whatever its length. */
const URL_COUNT = 23;
/** Links longer than this are shown shortened (the full address stays in the markup, hidden). */
const URL_SHOWN = 30;

/**
 * One pass over the text finds links, mentions and hashtags, so a `#` or `@` inside a link never becomes a
 * hashtag or mention. The lookbehinds keep `bob@example.org` (an address) and `a#b` from matching.
 */
const TOKEN_RE = new RegExp([
  /(https?:\/\/[^\s<>"]+)/u.source,
  /(?<![\p{L}\p{N}_=/@.])@([a-z0-9_]{1,30})(?:@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*(?::\d{1,5})?))?(?![\p{L}\p{N}_@])/u.source,
  /(?<![\p{L}\p{N}_=/)&#])#([\p{L}\p{M}\p{N}_]{1,100})(?![\p{L}\p{M}\p{N}_])/u.source,
].join('|'), 'giu');

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'url'; url: string }
  /** `domain` is null for `@handle`; a mention of another server is shown as text (no federation). */
  | { kind: 'mention'; raw: string; handle: string; domain: string | null }
  | { kind: 'hashtag'; raw: string; name: string };

/** Trailing punctuation belongs to the sentence, not the link; a closing bracket only when it closes nothing. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if ('.,:;!?\'"*'.includes(c)) { end--; continue; }
    if (c === ')' || c === ']') {
      const open = c === ')' ? '(' : '[';
      const body = url.slice(0, end);
      if (body.split(open).length - 1 < body.split(c).length - 1) { end--; continue; }
    }
    break;
  }
  return url.slice(0, end);
}

/** Splits plain text into text, links, mentions and hashtags. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  const pushText = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index!;
    pushText(text.slice(last, start));
    last = start + m[0].length;
    if (m[1]) {
      const url = trimUrl(m[1]);
      if (url.length <= url.indexOf('//') + 2) { pushText(m[0]); continue; }
      out.push({ kind: 'url', url });
      last = start + url.length;
    } else if (m[2]) {
      out.push({ kind: 'mention', raw: m[0], handle: m[2], domain: m[3] ? m[3].toLowerCase() : null });
    } else if (m[4]) {
      // A hashtag needs a letter: "#1" is a number, not a tag.
      if (/\p{L}/u.test(m[4])) out.push({ kind: 'hashtag', raw: m[0], name: m[4] });
      else pushText(m[0]);
    }
  }
  pushText(text.slice(last));
  return out;
}

/** Whether a mention names an account of this server: `@bob`, or `@bob@<this server's domain>`. */
function isLocal(token: { domain: string | null }, domain: string): boolean {
  return token.domain === null || token.domain === domain.toLowerCase();
}

/**
 * The length Mastodon would count: graphemes (an emoji with modifiers is one), every link as 23, and a mention
 * of another server as just `@handle`. The content warning counts too.
 */
export function statusLength(text: string, spoilerText = ''): number {
  const countable = tokenize(text).map((t) => {
    switch (t.kind) {
      case 'url': return 'x'.repeat(URL_COUNT);
      case 'mention': return `@${t.handle}`;
      case 'hashtag': return t.raw;
      case 'text': return t.text;
    }
  }).join('');
  return graphemes(spoilerText + countable);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
function graphemes(s: string): number {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** Lowercased handles mentioned as local accounts, each once. */
export function extractMentions(text: string, domain: string): string[] {
  const out = new Set<string>();
  for (const t of tokenize(text)) if (t.kind === 'mention' && isLocal(t, domain)) out.add(t.handle.toLowerCase());
  return [...out];
}

/** Hashtags, each once (case-insensitively), in the spelling first used. */
export function extractHashtags(text: string): string[] {
  const out = new Map<string, string>();
  for (const t of tokenize(text)) if (t.kind === 'hashtag' && !out.has(t.name.toLowerCase())) out.set(t.name.toLowerCase(), t.name);
  return [...out.values()];
}

export interface RenderOptions {
  publicUrl: string;
  domain: string;
  /** Lowercased handle → handle, for the mentioned accounts that exist here; other mentions stay text. */
  mentionable: Map<string, string>;
}

/**
 * Plain text to HTML. Every piece of user text is escaped; the only markup is what this function makes:
 * paragraphs (blank lines), line breaks, and links for addresses, local mentions and hashtags.
 */
export function renderContent(text: string, options: RenderOptions): string {
  const normalized = text.replace(/\r\n?/g, '\n').trim();
  if (!normalized) return '';
  return normalized.split(/\n{2,}/)
    .map((p) => `<p>${tokenize(p).map((t) => renderToken(t, options)).join('').replace(/\n/g, '<br />')}</p>`)
    .join('');
}

function renderToken(t: Token, o: RenderOptions): string {
  switch (t.kind) {
    case 'text':
      return escapeHtml(t.text);
    case 'url':
      return `<a href="${escapeHtml(t.url)}" rel="nofollow noopener noreferrer" target="_blank">${shownUrl(t.url)}</a>`;
    case 'mention': {
      const handle = isLocal(t, o.domain) ? o.mentionable.get(t.handle.toLowerCase()) : undefined;
      if (!handle) return escapeHtml(t.raw);
      return `<span class="h-card" translate="no"><a href="${escapeHtml(o.publicUrl)}/@${handle}" class="u-url mention">@<span>${handle}</span></a></span>`;
    }
    case 'hashtag':
      return `<a href="${escapeHtml(o.publicUrl)}/tags/${encodeURIComponent(t.name.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${escapeHtml(t.name)}</span></a>`;
  }
}

/** Mastodon's link display: the scheme hidden, long addresses shortened, the full text still in the markup. */
function shownUrl(url: string): string {
  const prefix = /^https?:\/\/(www\.)?/i.exec(url)![0];
  const rest = url.slice(prefix.length);
  const shown = rest.slice(0, URL_SHOWN);
  const hidden = rest.slice(URL_SHOWN);
  return `<span class="invisible">${escapeHtml(prefix)}</span>`
    + `<span class="${hidden ? 'ellipsis' : ''}">${escapeHtml(shown)}</span>`
    + (hidden ? `<span class="invisible">${escapeHtml(hidden)}</span>` : '');
}
