import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeNext } from '../_session.js';
import { field } from '../me/_me.js';

/**
 * Where a button's form returns to: its hidden `back` field when that is a path on this site, else `fallback`.
 * Pages send no Referer (the referrer policy is no-referrer), and a Referer would be a target an attacker
 * chooses anyway; the field is checked by safeNext, so a form can never send anyone to another site.
 */
export function backTo(request: FastifyRequest, fallback: string): string {
  const back = field(request.body, 'back');
  return back ? safeNext(back) : fallback;
}

/** 303: the browser follows with a GET, so reloading the page it lands on does not post the form again. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}
