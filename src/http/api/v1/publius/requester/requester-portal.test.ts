import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../../../../../test/harness.js';

/**
 * The requester portal over real HTTP: an agency account issued by the admin files a demand with its scan,
 * sees only its own cases and only where they stand, and its token opens nothing else — nor does a user's
 * token open the portal.
 */

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../../../../shared/legal/examples');
const exampleText = (name: string) => fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8');
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

let s: TestServer;
let deskToken: string;
let adminToken: string;
let userToken: string;
before(async () => {
  s = await startTestServer();
  deskToken = (await seedAccount(s.ctx, 'counsel', { role: 'legal' })).token;
  adminToken = (await seedAccount(s.ctx, 'root', { role: 'admin' })).token;
  userToken = (await seedAccount(s.ctx, 'alt_uscis')).token;
});
after(async () => { await s.close(); });

async function issueAgency(name: string): Promise<{ id: string; token: string }> {
  const res = await apiClient(s.url, adminToken).post('/api/v1/publius/legal/requesters', { name, authority: `${name} Office`, country: 'US' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, token: res.body.token };
}

function filing(demand: string, scan?: Buffer): FormData {
  const form = new FormData();
  form.append('demand', demand);
  if (scan) form.append('document', new Blob([new Uint8Array(scan)], { type: 'application/pdf' }), 'summons.pdf');
  return form;
}

const INTERNAL_FIELDS = ['assessment', 'findings', 'decision', 'recommendation', 'document', 'targets', 'notices'];

test('an agency files a demand with its scan and sees where it stands — never the desk\'s assessment', async () => {
  const cbp = await issueAgency('CBP OPR');
  const agency = apiClient(s.url, cbp.token);
  const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(2048)]);

  const filed = await agency.post('/api/v1/publius/requester/demands', filing(exampleText('alt-uscis-summons'), scan));
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  assert.deepEqual(Object.keys(filed.body).sort(), ['document', 'id', 'problems', 'received_at', 'reference', 'respond_by', 'state'].sort());
  assert.equal(filed.body.reference, 'CBP-OPR-2017-ALT-USCIS');
  assert.equal(filed.body.state, 'assessed');
  assert.deepEqual(filed.body.problems, []);
  assert.equal(filed.body.document.sha256, sha256(scan), 'the receipt proves what was delivered');

  // The desk sees the same case, attributed to the agency, with the scan and its hash.
  const desk = apiClient(s.url, deskToken);
  const atDesk = await desk.get(`/api/v1/publius/legal/cases/${filed.body.id}`);
  assert.equal(atDesk.status, 200);
  assert.equal(atDesk.body.requester_id, cbp.id);
  assert.equal(atDesk.body.assessment.recommendation, 'challenge');
  assert.equal(atDesk.body.documents[0].sha256, sha256(scan));
  const received = (await desk.get(`/api/v1/publius/legal/cases/${filed.body.id}/events`)).body.find((e: { type: string }) => e.type === 'case.received');
  assert.equal(received.actor, `requester:${cbp.id}`);

  // The desk decides; the agency's view still shows only where the case stands.
  await desk.post(`/api/v1/publius/legal/cases/${filed.body.id}/decision`, { recommendation: 'challenge' });
  const shown = await agency.get(`/api/v1/publius/requester/demands/${filed.body.id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.state, 'challenged');
  for (const field of INTERNAL_FIELDS) assert.ok(!(field in shown.body), `no ${field} for the requester`);
  assert.doesNotMatch(JSON.stringify(shown.body), /purpose_mismatch|anonymous_identity|counsel/);

  // A malformed demand through the portal is stored too, and the agency is told what is wrong.
  const bad = await agency.post('/api/v1/publius/requester/demands', { reference: 'CBP-INCOMPLETE', kind: 'information' });
  assert.equal(bad.status, 201, JSON.stringify(bad.body));
  assert.equal(bad.body.state, 'incomplete');
  assert.ok(bad.body.problems.length > 0);

  // A later document, with its receipt.
  const more = new FormData();
  more.append('document', new Blob([new Uint8Array(Buffer.from('the missing page'))], { type: 'text/plain' }), 'page2.txt');
  const added = await agency.post(`/api/v1/publius/requester/demands/${bad.body.id}/documents`, more);
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.sha256, sha256(Buffer.from('the missing page')));
  assert.equal((await desk.get(`/api/v1/publius/legal/cases/${bad.body.id}`)).body.documents.length, 1);
});

test('an agency lists only its own demands, cannot read or touch another agency\'s, and can withdraw its own', async () => {
  const a = await issueAgency('Agency A');
  const b = await issueAgency('Agency B');
  const agencyA = apiClient(s.url, a.token);
  const agencyB = apiClient(s.url, b.token);
  const mine = (await agencyA.post('/api/v1/publius/requester/demands', filing('{"reference": "A-1"}'))).body;
  const theirs = (await agencyB.post('/api/v1/publius/requester/demands', filing('{"reference": "B-1"}'))).body;
  const byDesk = (await apiClient(s.url, deskToken).post('/api/v1/publius/legal/cases', { reference: 'DESK-1' })).body;

  const list = await agencyA.get('/api/v1/publius/requester/demands');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((c: { reference: string }) => c.reference), ['A-1']);

  for (const id of [theirs.id, byDesk.id, '99999999999', 'abc']) {
    assert.equal((await agencyA.get(`/api/v1/publius/requester/demands/${id}`)).status, 404, `read ${id}`);
    assert.equal((await agencyA.post(`/api/v1/publius/requester/demands/${id}/withdraw`, { reason: 'not ours to withdraw' })).status, 404, `withdraw ${id}`);
    const doc = new FormData();
    doc.append('document', new Blob([new Uint8Array(Buffer.from('x'))], { type: 'text/plain' }), 'x.txt');
    assert.equal((await agencyA.post(`/api/v1/publius/requester/demands/${id}/documents`, doc)).status, 404, `attach to ${id}`);
  }
  assert.equal((await agencyB.get(`/api/v1/publius/requester/demands/${theirs.id}`)).body.state, 'incomplete', 'untouched');

  assert.equal((await agencyA.post(`/api/v1/publius/requester/demands/${mine.id}/withdraw`, {})).status, 422, 'a reason is required');
  const withdrawn = await agencyA.post(`/api/v1/publius/requester/demands/${mine.id}/withdraw`, { reason: 'Filed in error' });
  assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  assert.equal(withdrawn.body.state, 'withdrawn');
  assert.equal((await agencyA.post(`/api/v1/publius/requester/demands/${mine.id}/withdraw`, { reason: 'Filed in error' })).status, 409);
  const doc = new FormData();
  doc.append('document', new Blob([new Uint8Array(Buffer.from('late'))], { type: 'text/plain' }), 'late.txt');
  assert.equal((await agencyA.post(`/api/v1/publius/requester/demands/${mine.id}/documents`, doc)).status, 409, 'a closed record stays closed');

  const verify = await apiClient(s.url, deskToken).get('/api/v1/publius/legal/audit/verify');
  assert.equal(verify.body.ok, true);
});

test('agency tokens open only the portal, and user tokens never open it', async () => {
  const agency = await issueAgency('Token Test');
  const asAgency = apiClient(s.url, agency.token);
  assert.equal((await asAgency.get('/api/v1/accounts/verify_credentials')).status, 401, 'an agency is no user session');
  assert.equal((await asAgency.get('/api/v1/timelines/home')).status, 401);
  assert.equal((await asAgency.get('/api/v1/publius/legal_notices')).status, 401);
  for (const [method, p] of [['GET', '/api/v1/publius/legal/cases'], ['POST', '/api/v1/publius/legal/cases'], ['GET', '/api/v1/publius/legal/audit/verify'], ['GET', '/api/v1/publius/legal/requesters']]) {
    assert.ok([401, 403].includes((await asAgency.raw(method, p, method === 'POST' ? { reference: 'X' } : undefined)).status), `${method} ${p}`);
  }
  // Nor as a query parameter, the WebSocket-style way of passing a token.
  assert.equal((await apiClient(s.url).get(`/api/v1/accounts/verify_credentials?access_token=${agency.token}`)).status, 401);

  for (const token of [userToken, deskToken, adminToken]) {
    const asUser = apiClient(s.url, token);
    assert.equal((await asUser.get('/api/v1/publius/requester/demands')).status, 401);
    assert.equal((await asUser.post('/api/v1/publius/requester/demands', { reference: 'X' })).status, 401);
  }
  assert.equal((await apiClient(s.url).get('/api/v1/publius/requester/demands')).status, 401);
  assert.equal((await apiClient(s.url, 'pr_not-a-real-token').get('/api/v1/publius/requester/demands')).status, 401);
  assert.equal((await apiClient(s.url, 'pr_not-a-real-token').get('/api/v1/accounts/verify_credentials')).status, 401);
  assert.equal((await asAgency.get('/api/v1/publius/requester/demands')).status, 200);
});

test('bad input on the portal is a 4xx and stores nothing', async () => {
  const agency = apiClient(s.url, (await issueAgency('Bad Input')).token);
  const before = (await s.ctx.desk.list({ limit: 200 })).length;
  const res = await fetch(`${s.url}/api/v1/publius/requester/demands`, {
    method: 'POST', headers: { authorization: `Bearer ${(await issueAgency('Raw')).token}`, 'content-type': 'application/json' }, body: '{"reference":',
  });
  assert.equal(res.status, 400);
  const noDemand = new FormData();
  noDemand.append('document', new Blob([new Uint8Array(Buffer.from('%PDF'))], { type: 'application/pdf' }), 'x.pdf');
  assert.equal((await agency.post('/api/v1/publius/requester/demands', noDemand)).status, 422);
  const exe = filing('{"reference": "EXE"}');
  exe.append('document', new Blob([new Uint8Array(Buffer.from('MZ'))], { type: 'application/x-msdownload' }), 'x.exe');
  assert.equal((await agency.post('/api/v1/publius/requester/demands', exe)).status, 422);
  assert.equal((await agency.get('/api/v1/publius/requester/demands?max_id=zzz')).status, 422);
  assert.equal((await s.ctx.desk.list({ limit: 200 })).length, before);
});
