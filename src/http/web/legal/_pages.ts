import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { isUploadedFile, type UploadedFile } from '../../plugins/body.js';
import { isRowId } from '../../ids.js';
import { html, type Html } from '../_layout.js';
import { requireWebViewer, sendWebPage, verifyForm } from '../_session.js';

/**
 * Helpers shared by the legal desk's, the requester portal's and the admin's pages (files starting with `_`
 * are not routes). These pages show demands naming users and create ways into the server, so every one of
 * them checks its audience first and never lets a service error escape as the API's JSON.
 */

type Role = Account['role'];

/**
 * The signed-in account if its role is one of `roles`. Anonymous readers go to the log-in page; anyone else
 * gets a 403 page (not a 404: the desk's existence is no secret, only its contents). Null means "answered".
 */
export async function requireRolePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, roles: readonly Role[]): Promise<Account | null> {
  const viewer = requireWebViewer(request, reply);
  if (!viewer) return null;
  if (!roles.includes(viewer.role)) {
    await sendWebPage(ctx, request, reply, { status: 403, title: 'Not allowed', body: html`<h1>Not allowed</h1><p class="error" role="alert">This page is for ${roles.join(' and ')} accounts only.</p>` });
    return null;
  }
  return viewer;
}

/** Desk pages: desk members and admins, as for the desk's API (a moderator is not trusted with subpoenas). */
export const DESK_ROLES: readonly Role[] = ['legal', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** For POST handlers: the role check, then the CSRF check (a forged form is a 403 page). */
export async function postGuard(ctx: Context, request: FastifyRequest, reply: FastifyReply, roles: readonly Role[]): Promise<Account | null> {
  const viewer = await requireRolePage(ctx, request, reply, roles);
  if (!viewer) return null;
  return (await verifyForm(ctx, request, reply)) ? viewer : null;
}

/** A page that says what went wrong, with a way back. */
export function sendProblemPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string, back?: { href: string; label: string }) {
  return sendWebPage(ctx, request, reply, {
    status, title,
    body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}`,
  });
}

/**
 * Runs a service call; a PubliusError (not found, refused, invalid) becomes `onError`'s page instead of the
 * API's JSON error, anything else is a real failure and propagates.
 */
export async function attempt<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: PubliusError }> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof PubliusError) return { ok: false, error: err };
    throw err;
  }
}

/** A form field as one string ('' when absent; the first of repeated ones). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

/** A repeated form field (checkboxes) as a list of strings. */
export function fields(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * An uploaded file part, or null. A browser submits an empty part (no name, no bytes) for a file input left
 * empty, which is "no file", not an empty document.
 */
export function upload(body: unknown, name: string): UploadedFile | null {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  if (!isUploadedFile(v)) return null;
  if (v.data.length === 0 && (!v.filename || v.filename === 'upload')) return null;
  return v;
}

/** A path parameter that can name a row, or null (then the page is a 404). */
export function rowParam(request: FastifyRequest, name: string): string | null {
  const v = (request.params as Record<string, string | undefined>)[name];
  return isRowId(v) ? v : null;
}

/** Dates as the desk reads them: UTC, to the minute, with the machine-readable value in <time>. */
export function when(value: Date | string | null | undefined): Html | string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const iso = d.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** State names as words ("awaiting_clarification" → "awaiting clarification"). */
export function words(value: string): string {
  return value.replace(/_/g, ' ');
}

/** A message list for the top of a page (errors are alerts so screen readers announce them). */
export function flash(opts: { error?: string | null; notice?: string | null }): Html {
  return html`${opts.error ? html`<p class="error" role="alert" id="form-error">${opts.error}</p>` : ''}${opts.notice ? html`<p class="notice" role="status">${opts.notice}</p>` : ''}`;
}

/** The "done" message passed through a redirect (?done=…): only known keys are shown, never free text. */
export function doneMessage(request: FastifyRequest, messages: Record<string, string>): string | null {
  const key = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof key === 'string' && Object.hasOwn(messages, key) ? messages[key] : null;
}
