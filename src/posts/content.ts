import { escapeHtml } from '../http/api/entities/account.js';

export const MAX_STATUS_CHARS = 500;
/** Mastodon counts every link as 23 characters, whatever its length. */
const URL_COUNT = 23;

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,:;!?'")\]]/giu;
const TOKEN_RE = /(https?:\/\/[^\s<>"]+[^\s<>".,:;!?'")\]])|(?<![\p{L}\p{N}_@/])@([a-z0-9_]{1,30})(?![a-z0-9_@])|(?<![\p{L}\p{N}_&#/])#([\p{L}\p{N}_]{1,100})/giu;

export function statusLength(text: string): number {
  return [...text.replace(URL_RE, 'x'.repeat(URL_COUNT))].length;
}

export function extractMentions(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN_RE)) if (m[2]) out.add(m[2].toLowerCase());
  return [...out];
}

export function extractHashtags(text: string): string[] {
  const out = new Map<string, string>();
  for (const m of text.matchAll(TOKEN_RE)) if (m[3] && !/^\d+$/.test(m[3])) out.set(m[3].toLowerCase(), m[3]);
  return [...out.values()];
}

/**
 * Plain text to HTML. Every piece of user text is escaped; only links this function makes are markup.
 * Mentions link only when the account exists here (`mentionable` maps lowercased handle → handle).
 */
export function renderContent(text: string, publicUrl: string, mentionable: Map<string, string>): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/);
  return paragraphs.map((p) => `<p>${linkify(p, publicUrl, mentionable).replace(/\n/g, '<br>')}</p>`).join('');
}

function linkify(text: string, publicUrl: string, mentionable: Map<string, string>): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    out += escapeHtml(text.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[1]) {
      const url = escapeHtml(m[1]);
      const shown = escapeHtml(m[1].replace(/^https?:\/\/(www\.)?/, ''));
      out += `<a href="${url}" rel="nofollow noopener noreferrer" target="_blank">${shown}</a>`;
    } else if (m[2]) {
      const handle = mentionable.get(m[2].toLowerCase());
      out += handle
        ? `<span class="h-card"><a href="${escapeHtml(publicUrl)}/@${handle}" class="u-url mention">@<span>${handle}</span></a></span>`
        : escapeHtml(m[0]);
    } else if (m[3]) {
      const tag = escapeHtml(m[3]);
      out += /^\d+$/.test(m[3]) ? `#${tag}` : `<a href="${escapeHtml(publicUrl)}/tags/${encodeURIComponent(m[3].toLowerCase())}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`;
    }
  }
  return out + escapeHtml(text.slice(last));
}
