import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account, ModerationActionKind } from '../../../db/schema.js';
import { fail } from '../../../errors.js';
import { ACTION_LABELS, type ActionRecord } from '../../../moderation/moderation.service.js';
import { html, type Html } from '../_layout.js';
import { asForm, asPage } from '../me/_me.js';

/** Moderators and admins only; anyone else signed in gets a 403 page (the service checks again). */
function requireStaff(me: Account): void {
  if (me.role !== 'moderator' && me.role !== 'admin') fail('FORBIDDEN', 'This page is for moderators only.');
}

export function staffPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, fn: (me: Account) => Promise<unknown>) {
  return asPage(ctx, request, reply, async (me) => { requireStaff(me); return fn(me); });
}

/** A posted moderation form: signed in, CSRF checked (a forged form is a 403 page), then the role. */
export function staffForm(ctx: Context, request: FastifyRequest, reply: FastifyReply, fn: (me: Account) => Promise<unknown>) {
  return asForm(ctx, request, reply, async (me) => { requireStaff(me); return fn(me); });
}

export const MODERATION_NAV = [
  { href: '/moderation', label: 'Open reports' },
  { href: '/moderation/appeals', label: 'Appeals' },
  { href: '/moderation/log', label: 'Log' },
];

export function moderationNav(current: string): Html {
  return html`<nav aria-label="Moderation" class="subnav"><ul>${MODERATION_NAV.map((l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}</ul></nav>`;
}

export function actionLabel(kind: ModerationActionKind): string {
  return ACTION_LABELS[kind];
}

export function messages(opts: { error?: string | null; notice?: string | null }): Html {
  return html`${opts.error ? html`<p class="error" role="alert" id="form-error">${opts.error}</p>` : ''}${opts.notice ? html`<p class="notice" role="status">${opts.notice}</p>` : ''}`;
}

/** What an appeal's state means, in words. */
export function appealSummary(a: ActionRecord): Html | string {
  if (!a.appeal) return 'Not appealed';
  if (a.appeal.state === 'pending') return `Appeal filed ${a.appeal.filedOn}, waiting for a decision`;
  return html`Appeal ${a.appeal.state === 'reversed' ? 'granted (action reversed)' : 'rejected (action upheld)'} on ${a.appeal.decidedOn ?? ''}: ${a.appeal.decisionReason ?? ''}`;
}

/** A post's text as moderators read it: plain, escaped, whatever its visibility (they must see what was reported). */
export async function postsById(ctx: Context, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; text: string; spoiler_text: string; visibility: string; sensitive: boolean; created_at: Date }>();
  const rows = await ctx.db.selectFrom('statuses').select(['id', 'text', 'spoiler_text', 'visibility', 'sensitive', 'created_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
