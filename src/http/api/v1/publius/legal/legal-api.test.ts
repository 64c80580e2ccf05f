import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import YAML from 'yaml';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../../../../../test/harness.js';

/**
 * The legal desk's HTTP API, called over real HTTP as the desk's tools would: intake (valid, malformed,
 * multipart with a scan), assessment, the lawyer's decision, notices, documents, the audit log, agency accounts,
 * and who may do any of it.
 */

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../../../../shared/legal/examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

let s: TestServer;
let deskToken: string;
let desk: ReturnType<typeof apiClient>;
let admin: ReturnType<typeof apiClient>;
before(async () => {
  s = await startTestServer();
  deskToken = (await seedAccount(s.ctx, 'counsel', { role: 'legal' })).token;
  desk = apiClient(s.url, deskToken);
  admin = apiClient(s.url, (await seedAccount(s.ctx, 'root', { role: 'admin' })).token);
});
after(async () => { await s.close(); });

/** A multipart body: the demand as a text part, and optionally the scan as a file part. */
function demandForm(demand: string, scan?: { bytes: Buffer; name: string; type: string }): FormData {
  const form = new FormData();
  form.append('demand', demand);
  if (scan) form.append('document', new Blob([new Uint8Array(scan.bytes)], { type: scan.type }), scan.name);
  return form;
}

test('the ALT_USCIS summons: filed, assessed "challenge", an override needs a reason, confirmed → challenged, the holder is told', async () => {
  const target = await seedAccount(s.ctx, 'alt_uscis');
  const bystander = await seedAccount(s.ctx, 'bystander');

  const filed = await desk.post('/api/v1/publius/legal/cases', example('alt-uscis-summons'));
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  assert.equal(typeof c.id, 'string');
  assert.equal(c.state, 'assessed');
  assert.equal(c.valid, true);
  assert.deepEqual(c.problems, []);
  assert.equal(c.assessment.recommendation, 'challenge');
  assert.equal(c.recommendation, 'challenge');
  assert.deepEqual(c.targets, ['alt_uscis']);
  assert.ok(c.deadlines.some((d: { kind: string }) => d.kind === 'respond'));
  assert.ok(!Number.isNaN(Date.parse(c.received_at)));

  // Overriding "challenge" with "comply" without a written reason: refused, with the problem named.
  const override = await desk.post(`/api/v1/publius/legal/cases/${c.id}/decision`, { recommendation: 'comply' });
  assert.equal(override.status, 422, JSON.stringify(override.body));
  assert.ok(override.body.details.problems.some((p: string) => p.startsWith('reason:')), JSON.stringify(override.body));
  assert.equal((await desk.get(`/api/v1/publius/legal/cases/${c.id}`)).body.decision, null, 'a refused decision records nothing');

  const confirmed = await desk.post(`/api/v1/publius/legal/cases/${c.id}/decision`, { recommendation: 'challenge' });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.state, 'challenged');
  assert.equal(confirmed.body.decision.action, 'confirm');
  assert.equal(confirmed.body.decision.by, 'counsel');
  assert.equal(confirmed.body.notices.length, 1);
  assert.equal(confirmed.body.notices[0].account, 'alt_uscis');
  assert.equal(confirmed.body.notices[0].state, 'delivered', 'a request for secrecy is no court order: notified now');

  // The account holder sees the notice in the app; nobody else does.
  const holder = apiClient(s.url, target.token);
  const notices = await holder.get('/api/v1/publius/legal_notices');
  assert.equal(notices.status, 200);
  assert.equal(notices.body.length, 1);
  const [notice] = notices.body;
  assert.equal(notice.case_id, c.id);
  assert.equal(notice.read, false);
  assert.match(notice.notice.publius_position, /challenging/);
  assert.match(notice.notice.from.authority, /Customs and Border Protection/);

  const other = apiClient(s.url, bystander.token);
  assert.deepEqual((await other.get('/api/v1/publius/legal_notices')).body, []);
  assert.equal((await other.post(`/api/v1/publius/legal_notices/${notice.id}/read`)).status, 404, 'another account cannot mark it read');
  assert.equal((await holder.get('/api/v1/publius/legal_notices')).body[0].read, false);

  const read = await holder.post(`/api/v1/publius/legal_notices/${notice.id}/read`);
  assert.equal(read.status, 200);
  assert.equal(read.body.read, true);
  assert.equal((await holder.get('/api/v1/publius/legal_notices')).body[0].read, true);
  assert.equal((await holder.post('/api/v1/publius/legal_notices/nope/read')).status, 404);
  assert.equal((await apiClient(s.url).get('/api/v1/publius/legal_notices')).status, 401);

  // The case's log tells the story in order, and the whole chain verifies.
  const events = await desk.get(`/api/v1/publius/legal/cases/${c.id}/events`);
  assert.equal(events.status, 200);
  const types = events.body.map((e: { type: string }) => e.type);
  for (const t of ['case.received', 'case.assessed', 'case.decided', 'notice.delivered']) assert.ok(types.includes(t), types.join(','));
  assert.ok(events.body.every((e: { hash: string }) => /^[0-9a-f]{64}$/.test(e.hash)));
  const verify = await desk.get('/api/v1/publius/legal/audit/verify');
  assert.equal(verify.status, 200);
  assert.equal(verify.body.ok, true);
  assert.ok(verify.body.entries >= events.body.length);
});

test('a malformed demand is stored as received, with every problem listed, and can be amended', async () => {
  const res = await desk.post('/api/v1/publius/legal/cases', { reference: 'BAD-1', kind: 'information', process: 'subpoena_of_sorts', issuer: { country: 'UK' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.state, 'incomplete');
  assert.equal(res.body.valid, false);
  assert.equal(res.body.reference, 'BAD-1');
  assert.ok(res.body.problems.some((p: string) => p.startsWith('process:')), res.body.problems.join('\n'));
  assert.ok(res.body.problems.some((p: string) => p.startsWith('targets:')));
  assert.deepEqual(res.body.document, { reference: 'BAD-1', kind: 'information', process: 'subpoena_of_sorts', issuer: { country: 'UK' } }, 'kept as received');
  assert.equal(res.body.assessment, null);

  // Text that is not even JSON, sent as a multipart part: still a case, with the reason.
  const text = '{"reference": "BAD-2", oops';
  const garbled = await desk.post('/api/v1/publius/legal/cases', demandForm(text));
  assert.equal(garbled.status, 201, JSON.stringify(garbled.body));
  assert.equal(garbled.body.state, 'incomplete');
  assert.deepEqual(garbled.body.document, { raw: text });
  assert.ok(garbled.body.problems.length > 0);

  // The stored case is listed with its problems, and an assessment of it is a conflict, not a crash.
  const shown = await desk.get(`/api/v1/publius/legal/cases/${res.body.id}`);
  assert.deepEqual(shown.body.problems, res.body.problems);
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/assess`, {})).status, 409);

  await seedAccount(s.ctx, 'night_watch_77');
  const amended = await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/amend`, { ...example('state-warrant-direct-messages'), received_at: '2026-09-02T17:05:00Z' });
  assert.equal(amended.status, 200, JSON.stringify(amended.body));
  assert.equal(amended.body.state, 'assessed');
  assert.ok(amended.body.assessment);

  const reassessed = await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/assess`, { as_of: '2026-09-03' });
  assert.equal(reassessed.status, 200, JSON.stringify(reassessed.body));
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/assess`, { as_of: 'yesterday' })).status, 422);
});

test('a multipart demand with its scan: the SHA-256 is recorded and the download is byte for byte the upload', async () => {
  const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(4096), Buffer.from('\n%%EOF')]);
  // The desk's files are often YAML; the demand part is read as YAML when it is not a JSON object.
  const yaml = YAML.stringify(example('alt-uscis-summons'));
  assert.doesNotMatch(yaml, /^\s*\{/);
  const res = await desk.post('/api/v1/publius/legal/cases', demandForm(yaml, { bytes: scan, name: 'summons scan.pdf', type: 'application/pdf' }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.state, 'assessed');
  assert.equal(res.body.document_sha256, sha256(scan));
  assert.equal(res.body.documents.length, 1);
  const doc = res.body.documents[0];
  assert.equal(doc.sha256, sha256(scan));
  assert.equal(doc.size, scan.length);
  assert.equal(doc.media_type, 'application/pdf');

  const anonymous = await fetch(`${s.url}/api/v1/publius/legal/cases/${res.body.id}/documents/${doc.id}`);
  assert.equal(anonymous.status, 401, 'no token, no document');
  const got = await deskFetch(`/api/v1/publius/legal/cases/${res.body.id}/documents/${doc.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.match(got.headers.get('content-disposition') ?? '', /^attachment; filename="summons scan\.pdf"$/);
  assert.equal(got.headers.get('x-content-sha256'), sha256(scan));
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(scan), 'identical bytes');

  // A second document later; a type the desk does not keep is refused and stores nothing.
  const note = Buffer.from('Clarification received by fax on 2017-03-20');
  const form = new FormData();
  form.append('document', new Blob([new Uint8Array(note)], { type: 'text/plain' }), 'clarification.txt');
  const added = await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/documents`, form);
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.sha256, sha256(note));
  const exe = new FormData();
  exe.append('document', new Blob([new Uint8Array(Buffer.from('MZ'))], { type: 'application/x-msdownload' }), 'x.exe');
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/documents`, exe)).status, 422);
  assert.equal((await desk.get(`/api/v1/publius/legal/cases/${res.body.id}`)).body.documents.length, 2);
  const noFile = await desk.post(`/api/v1/publius/legal/cases/${res.body.id}/documents`, {});
  assert.equal(noFile.status, 422);
  assert.equal((await deskFetch(`/api/v1/publius/legal/cases/${res.body.id}/documents/999999`)).status, 404);
  assert.equal((await deskFetch(`/api/v1/publius/legal/cases/${res.body.id}/documents/abc`)).status, 404);
});

/** A plain fetch as the desk member, for the bytes and headers of a download. */
function deskFetch(p: string) {
  return fetch(s.url + p, { headers: { authorization: `Bearer ${deskToken}` } });
}

test('lists page with the Link header; transitions, comments, deadlines and notice release', async () => {
  for (let i = 0; i < 3; i++) await desk.post('/api/v1/publius/legal/cases', { reference: `PAGE-${i}` });
  const first = await desk.get('/api/v1/publius/legal/cases?limit=2&state=incomplete');
  assert.equal(first.status, 200);
  assert.equal(first.body.length, 2);
  assert.ok(first.body.every((c: { state: string }) => c.state === 'incomplete'));
  const link = first.headers.get('link') ?? '';
  const next = /<([^>]+)>; rel="next"/.exec(link);
  assert.ok(next, link);
  const second = await desk.get(new URL(next[1]).pathname + new URL(next[1]).search);
  assert.equal(second.status, 200);
  assert.ok(second.body.length >= 1);
  assert.ok(BigInt(second.body[0].id) < BigInt(first.body[1].id), 'older than the first page');
  assert.ok(second.body.every((c: { state: string }) => c.state === 'incomplete'), 'the filter carries over');
  assert.equal((await desk.get('/api/v1/publius/legal/cases?state=bogus')).status, 422);
  assert.equal((await desk.get('/api/v1/publius/legal/cases?max_id=abc')).status, 422);
  const closed = await desk.get('/api/v1/publius/legal/cases?open=false');
  assert.deepEqual(closed.body, []);

  const id = first.body[0].id;
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${id}/transition`, { state: 'approved', reason: 'no act behind it' })).status, 409);
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${id}/transition`, { state: 'bogus', reason: 'whatever it is' })).status, 422);
  const moved = await desk.post(`/api/v1/publius/legal/cases/${id}/transition`, { state: 'rejected', reason: 'not a demand at all' });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.state, 'rejected');
  assert.equal(moved.body.open, false);

  const comment = await desk.post(`/api/v1/publius/legal/cases/${id}/comments`, { text: 'Called the sender; no such office.' });
  assert.equal(comment.status, 201, JSON.stringify(comment.body));
  assert.equal(comment.body.type, 'case.comment');
  assert.equal(comment.body.actor, 'counsel');
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${id}/comments`, { text: '   ' })).status, 422);

  const deadlines = await desk.get('/api/v1/publius/legal/deadlines?days=366');
  assert.equal(deadlines.status, 200);
  assert.ok(Array.isArray(deadlines.body));
  assert.equal((await desk.get('/api/v1/publius/legal/deadlines?days=-1')).status, 422);
  assert.equal((await desk.get('/api/v1/publius/legal/deadlines?days=5000')).status, 422);

  // An order without an end: the notice is withheld until the desk releases it, with a written reason.
  const holder = await seedAccount(s.ctx, 'gagged_one');
  const warrant = { ...example('state-warrant-direct-messages'), received_at: '2026-09-02T17:05:00Z', targets: [{ account: 'gagged_one' }],
    nondisclosure: { type: 'court_order', basis: '18 U.S.C. § 2705(b)', until: null } };
  const c = (await desk.post('/api/v1/publius/legal/cases', warrant)).body;
  assert.equal(c.assessment.notice.action, 'withhold');
  const decided = await desk.post(`/api/v1/publius/legal/cases/${c.id}/decision`, { recommendation: 'challenge', reason: 'the gag has no end date; we move to modify it' });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  assert.equal(decided.body.notices[0].state, 'withheld');
  assert.deepEqual((await apiClient(s.url, holder.token).get('/api/v1/publius/legal_notices')).body, []);
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${c.id}/notices/release`, { account: 'gagged_one', reason: 'ok' })).status, 422);
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${c.id}/notices/release`, { account: 'nobody_here', reason: 'Court vacated the order on 2026-10-01' })).status, 404);
  const released = await desk.post(`/api/v1/publius/legal/cases/${c.id}/notices/release`, { account: '@gagged_one', reason: 'Court vacated the order on 2026-10-01' });
  assert.equal(released.status, 200, JSON.stringify(released.body));
  assert.equal(released.body.notices[0].state, 'delivered');
  assert.equal((await apiClient(s.url, holder.token).get('/api/v1/publius/legal_notices')).body.length, 1);
});

test('agency accounts: only the admin issues them, the token is shown once, the desk lists and disables them', async () => {
  const body = { name: 'Example County Sheriff', authority: 'Example County Sheriff\'s Office', country: 'US' };
  assert.equal((await desk.post('/api/v1/publius/legal/requesters', body)).status, 403, 'a desk member cannot mint credentials');
  const issued = await admin.post('/api/v1/publius/legal/requesters', body);
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  assert.match(issued.body.token, /^pr_/);
  assert.equal(issued.headers.get('cache-control'), 'no-store');
  assert.equal((await admin.post('/api/v1/publius/legal/requesters', { ...body, country: 'usa' })).status, 422);

  const listed = await desk.get('/api/v1/publius/legal/requesters');
  assert.equal(listed.status, 200);
  const mine = listed.body.find((r: { id: string }) => r.id === issued.body.id);
  assert.equal(mine.name, body.name);
  assert.ok(listed.body.every((r: Record<string, unknown>) => !('token' in r)), 'never the token again');

  const agency = apiClient(s.url, issued.body.token);
  assert.equal((await agency.get('/api/v1/publius/requester/demands')).status, 200);
  const disabled = await desk.post(`/api/v1/publius/legal/requesters/${issued.body.id}/disable`);
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
  assert.equal(disabled.body.disabled, true);
  assert.equal((await agency.get('/api/v1/publius/requester/demands')).status, 401, 'a disabled agency is locked out');
  assert.equal((await desk.post(`/api/v1/publius/legal/requesters/${issued.body.id}/disable`)).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/requesters/xyz/disable')).status, 404);
});

const DESK_ROUTES: Array<[string, string, unknown?]> = [
  ['POST', '/api/v1/publius/legal/cases', { reference: 'X' }],
  ['GET', '/api/v1/publius/legal/cases'],
  ['GET', '/api/v1/publius/legal/cases/1'],
  ['POST', '/api/v1/publius/legal/cases/1/assess', {}],
  ['POST', '/api/v1/publius/legal/cases/1/decision', { recommendation: 'comply' }],
  ['POST', '/api/v1/publius/legal/cases/1/transition', { state: 'withdrawn', reason: 'whatever' }],
  ['POST', '/api/v1/publius/legal/cases/1/comments', { text: 'hello' }],
  ['POST', '/api/v1/publius/legal/cases/1/amend', { reference: 'X' }],
  ['POST', '/api/v1/publius/legal/cases/1/documents', {}],
  ['GET', '/api/v1/publius/legal/cases/1/documents/1'],
  ['GET', '/api/v1/publius/legal/cases/1/events'],
  ['POST', '/api/v1/publius/legal/cases/1/notices/release', { account: 'x', reason: 'because of reasons' }],
  ['GET', '/api/v1/publius/legal/audit/verify'],
  ['GET', '/api/v1/publius/legal/deadlines'],
  ['POST', '/api/v1/publius/legal/requesters', { name: 'xx', authority: 'yy', country: 'US' }],
  ['GET', '/api/v1/publius/legal/requesters'],
  ['POST', '/api/v1/publius/legal/requesters/1/disable', {}],
];

test('a plain user and a moderator get 403 on every desk route; without a token, 401; nothing is stored', async () => {
  const user = apiClient(s.url, (await seedAccount(s.ctx, 'plain_user')).token);
  const mod = apiClient(s.url, (await seedAccount(s.ctx, 'a_moderator', { role: 'moderator' })).token);
  const anonymous = apiClient(s.url);
  const before = (await s.ctx.desk.list({ limit: 200 })).length;
  for (const [method, p, body] of DESK_ROUTES) {
    assert.equal((await user.raw(method, p, body)).status, 403, `user: ${method} ${p}`);
    assert.equal((await mod.raw(method, p, body)).status, 403, `moderator: ${method} ${p}`);
    assert.equal((await anonymous.raw(method, p, body)).status, 401, `anonymous: ${method} ${p}`);
  }
  assert.equal((await s.ctx.desk.list({ limit: 200 })).length, before);
});

test('bad ids, bad JSON and bad bodies are 4xx, never 500', async () => {
  const huge = '9'.repeat(25);
  for (const p of ['/api/v1/publius/legal/cases/abc', `/api/v1/publius/legal/cases/${huge}`, '/api/v1/publius/legal/cases/99999999999',
    `/api/v1/publius/legal/cases/${huge}/events`, '/api/v1/publius/legal/cases/-1/documents/1', '/api/v1/publius/legal/cases/9223372036854775807']) {
    assert.equal((await desk.get(p)).status, 404, p);
  }
  assert.equal((await desk.post('/api/v1/publius/legal/cases/abc/decision', { recommendation: 'challenge' })).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/cases/99999999999/decision', { recommendation: 'challenge' })).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/cases/1/decision', { recommendation: 'surrender' })).status, 422);
  assert.equal((await desk.post(`/api/v1/publius/legal/cases/${huge}/notices/release`, { account: 'x', reason: 'long enough reason' })).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/cases/99999999999/notices/release', { account: 'x', reason: 'long enough reason' })).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/cases/99999999999/amend', { reference: 'X' })).status, 404);
  assert.equal((await desk.post('/api/v1/publius/legal/cases/99999999999/comments', { text: 'hello' })).status, 404);

  const raw = (body: string, type: string) => fetch(`${s.url}/api/v1/publius/legal/cases`, {
    method: 'POST', headers: { authorization: `Bearer ${deskToken}`, 'content-type': type }, body,
  });
  const before = (await s.ctx.desk.list({ limit: 200 })).length;
  assert.equal((await raw('{"reference": ', 'application/json')).status, 400, 'unparseable JSON');
  assert.equal((await raw('reference: X', 'application/yaml')).status, 415, 'unsupported body type');
  assert.equal((await raw(JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }), 'application/json')).status, 413, 'too large');
  const empty = new FormData();
  empty.append('note', 'no demand here');
  assert.equal((await desk.post('/api/v1/publius/legal/cases', empty)).status, 422, 'multipart without a demand part');
  // The multipart parser would cut a long text field short; the API refuses it rather than store a cut demand …
  const long = `{"reference": "LONG", "text": "${'a'.repeat(150_000)}"}`;
  assert.equal((await desk.post('/api/v1/publius/legal/cases', demandForm(long))).status, 413);
  assert.equal((await s.ctx.desk.list({ limit: 200 })).length, before, 'refused requests store nothing');
  // … and the same demand as a file part is read whole and stored exactly as received.
  const asFile = new FormData();
  asFile.append('demand', new Blob([long], { type: 'application/json' }), 'long.json');
  const stored = await desk.post('/api/v1/publius/legal/cases', asFile);
  assert.equal(stored.status, 201, JSON.stringify(stored.body).slice(0, 300));
  assert.equal(stored.body.reference, 'LONG');
  assert.equal(stored.body.state, 'incomplete');
  assert.deepEqual(stored.body.document, { raw: long });
});

test('a multipart demand field sent with a JSON content type (as curl -F "demand=<x.json;type=application/json" does) is stored as its JSON', async () => {
  const boundary = '----publius-test-boundary';
  const demand = JSON.stringify({ ...example('alt-uscis-summons'), reference: 'CURL-JSON-PART' });
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="demand"\r\nContent-Type: application/json\r\n\r\n${demand}\r\n--${boundary}--\r\n`;
  const res = await fetch(`${s.url}/api/v1/publius/legal/cases`, {
    method: 'POST', body, headers: { authorization: `Bearer ${deskToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  const json = await res.json() as { reference: string; valid: boolean };
  assert.equal(res.status, 201, JSON.stringify(json));
  assert.equal(json.reference, 'CURL-JSON-PART');
  assert.equal(json.valid, true);
});
