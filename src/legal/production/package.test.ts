import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createTestContext, seedAccount, type TestContext } from '../../../test/harness.js';
import type { Context } from '../../context.js';
import { PubliusError } from '../../errors.js';
import { parseDemandText, type Demand } from '../index.js';
import { assessAgainstInstance } from '../desk/assess-held.js';
import { AuditLog } from '../desk/audit-log.js';
import type { CaseDecision } from '../desk/case.types.js';
import { LEGAL_CATEGORIES, categoriesNeverHeld } from '../../privacy/inventory.js';
import { buildPackage, sha256 } from './package.js';
import { verifyPackage } from './verify.js';
import { recordsInCategory, tablesWithoutScope } from './records.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.json');

const TEXT = {
  public: 'Public post: the agency is ignoring climate science',
  publicEdited: 'Public post, first version before the edit',
  unlisted: 'Unlisted post about visa processing times',
  followersOnly: 'FOLLOWERS ONLY: meeting at the usual place',
  direct: 'DIRECT MESSAGE: here is the internal memo',
  fredsPost: 'Fred writes a post that alt_uscis favourites',
};

/** A clock the test moves, so that account creation, posts and the session fall on different days. */
function movableClock(start: string) {
  let now = new Date(start);
  return { clock: { now: () => now }, set: (iso: string) => { now = new Date(iso); } };
}

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 3, background: '#3060a0' } }).png().toBuffer();
}

/** The @alt_uscis example: an account with every kind of record, and people around it. */
async function seedAltUscis(t: TestContext, time: ReturnType<typeof movableClock>) {
  const ctx = t.ctx;
  time.set('2017-01-25T10:00:00Z');
  const alt = (await ctx.accounts.signUp({ handle: 'ALT_uscis', passphrase: 'correct horse battery staple 42', bypassSignupMode: true })).account;
  time.set('2017-02-01T10:00:00Z');
  const fred = (await seedAccount(ctx, 'fred_follower')).account;
  const dana = (await seedAccount(ctx, 'dana_recipient')).account;
  const avatar = await ctx.media.ingest(alt.id, { data: await png(), description: 'avatar alt text' });
  await ctx.accounts.updateProfile(alt.id, { display_name: 'ALT USCIS', bio: 'Immigration employees, unofficial resistance', avatar_media_id: avatar.id });
  const me = (await ctx.accounts.byId(alt.id))!;

  time.set('2017-02-03T12:00:00Z');
  const photo = await ctx.media.ingest(alt.id, { data: await png(), description: 'PUBLIC PHOTO alt text' });
  const pub = await ctx.posts.create(me, { text: TEXT.publicEdited, visibility: 'public', mediaIds: [photo.id] });
  time.set('2017-02-04T12:00:00Z');
  await ctx.posts.edit(me, pub.id, { text: TEXT.public });
  time.set('2017-02-05T12:00:00Z');
  const unlisted = await ctx.posts.create(me, { text: TEXT.unlisted, visibility: 'unlisted' });
  time.set('2017-02-06T12:00:00Z');
  await ctx.posts.create(me, { text: TEXT.followersOnly, visibility: 'private' });
  const dmPhoto = await ctx.media.ingest(alt.id, { data: await png(), description: 'DM ATTACHMENT alt text' });
  await ctx.posts.create(me, { text: `@dana_recipient ${TEXT.direct}`, visibility: 'direct', mediaIds: [dmPhoto.id] });

  time.set('2017-02-07T12:00:00Z');
  await ctx.graph.follow(fred, alt.id);
  const fredsPost = await ctx.posts.create(fred, { text: TEXT.fredsPost, visibility: 'public' });
  await ctx.posts.favourite(me, fredsPost.id, true);
  await ctx.posts.reblog(me, fredsPost.id);

  // Posts take their time from the database; the example's dates are set here so the date range can be tested.
  const dated: Array<[string, string]> = [];
  for (const [id, at] of [[pub.id, '2017-02-03T12:00:00Z'], [unlisted.id, '2017-02-05T12:00:00Z'], [fredsPost.id, '2017-02-07T12:00:00Z']]) dated.push([id, at]);
  for (const [id, at] of dated) await ctx.db.updateTable('statuses').set({ created_at: at }).where('id', '=', id).execute();
  await ctx.db.updateTable('statuses').set({ created_at: '2017-02-06T12:00:00Z' }).where('account_id', '=', alt.id).where('visibility', 'in', ['private', 'direct']).execute();
  const edits = await ctx.db.selectFrom('status_edits').select('id').where('status_id', '=', pub.id).orderBy('id').execute();
  assert.equal(edits.length, 2, 'the edit history keeps the first version and the current one');
  await ctx.db.updateTable('status_edits').set({ created_at: '2017-02-03T12:00:00Z' }).where('id', '=', edits[0].id).execute();
  await ctx.db.updateTable('status_edits').set({ created_at: '2017-02-04T12:00:00Z' }).where('id', '=', edits[1].id).execute();

  // The session falls on dates nothing produced may carry.
  time.set('2017-03-02T08:00:00Z');
  const session = await ctx.sessions.issue({ kind: 'web', accountId: alt.id, appId: null, scopes: ['read'], ttlDays: 30 });
  const secrets = await ctx.db.selectFrom('accounts').innerJoin('access_tokens', 'access_tokens.account_id', 'accounts.id')
    .select(['accounts.passphrase_hash', 'access_tokens.token_hash', 'access_tokens.created_on', 'access_tokens.expires_on'])
    .where('accounts.id', '=', alt.id).executeTakeFirstOrThrow();
  return { alt, fred, dana, pub, unlisted, avatar, photo, dmPhoto, session, secrets };
}

function demandFromExample(): Demand {
  const parsed = parseDemandText(fs.readFileSync(EXAMPLE, 'utf8'), 'alt-uscis-summons.json');
  assert.ok(parsed.ok, 'the shared example parses');
  return parsed.demand;
}

async function insertCase(ctx: Context, decision: Partial<CaseDecision> & Pick<CaseDecision, 'recommendation' | 'produce'>, targets = ['alt_uscis']): Promise<string> {
  const demand = demandFromExample();
  const assessment = await assessAgainstInstance(ctx.db, demand, new Date('2017-03-14T16:00:00Z'));
  const full: CaseDecision = {
    action: 'override', date_range: null, notice: { action: 'notify_now', date: null, reason: 'no court order forbids it' },
    removal: null, reason: 'Narrowed to basic subscriber information and what the account published', by: 'counsel', at: '2017-03-15T09:00:00Z',
    ...decision,
  };
  const row = await ctx.db.insertInto('legal_cases').values({
    reference: demand.reference, kind: demand.kind, process: demand.process, received_at: demand.received_at,
    document: JSON.stringify(demand), problems: '[]', state: 'approved', valid: true, country: 'US', targets,
    assessment: JSON.stringify(assessment), decision: JSON.stringify(full),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

function readAll(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r); else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

test('the @ALT_USCIS package holds only the handle, creation date, public posts and profile; the verifier catches every change', async () => {
  const time = movableClock('2017-01-20T00:00:00Z');
  const t = await createTestContext({ clock: time.clock });
  try {
    const s = await seedAltUscis(t, time);
    const caseId = await insertCase(t.ctx, { recommendation: 'narrow', produce: ['subscriber.handle', 'subscriber.service', 'content.public'] });
    time.set('2017-03-20T15:00:00Z');
    const dir = path.join(t.dataDir, 'package');
    const built = await buildPackage(t.ctx, caseId, dir, { actor: 'counsel' });
    const files = readAll(dir);

    // What is in it.
    const category = (c: string) => JSON.parse(files.get(`categories/${c}.json`)!);
    const handle = category('subscriber.handle');
    assert.deepEqual(handle.records, [{ table: 'accounts', handle: 'ALT_uscis' }]);
    const service = category('subscriber.service');
    assert.deepEqual(service.records.map((r: any) => [r.table, r.created_on, r.suspended]), [['accounts', '2017-01-25', false]]);
    const content = category('content.public');
    const posts = content.records.filter((r: any) => r.table === 'statuses');
    assert.deepEqual(posts.map((p: any) => [p.id, p.text, p.visibility]), [[s.pub.id, TEXT.public, 'public'], [s.unlisted.id, TEXT.unlisted, 'unlisted']]);
    assert.deepEqual(content.records.filter((r: any) => r.table === 'status_edits').map((e: any) => [e.status_id, e.text]), [[s.pub.id, TEXT.publicEdited], [s.pub.id, TEXT.public]]);
    const profile = content.records.find((r: any) => r.table === 'accounts');
    assert.equal(profile.display_name, 'ALT USCIS');
    assert.equal(profile.bio, 'Immigration employees, unofficial resistance');
    assert.equal(profile.avatar_media_id, s.avatar.id);
    assert.deepEqual([...new Set(content.records.map((r: any) => r.table))].sort(), ['accounts', 'status_edits', 'statuses']);
    assert.ok(!content.records.some((r: any) => 'passphrase_hash' in r || 'search' in r));

    // Not held: a statement per category the demand asked for and Publius never collects.
    for (const c of ['subscriber.phone', 'subscriber.address', 'connection.ip']) {
      const f = category(c);
      assert.equal(f.held, false);
      assert.deepEqual(f.records, []);
      assert.match(f.statement, /never collects[\s\S]*No records exist/);
    }
    // Withheld: asked for ("all records" asks for every category), held, not produced (the lawyer narrowed it
    // away), with no records.
    const withheld = JSON.parse(files.get('withheld.json')!);
    assert.deepEqual(withheld.withheld.map((w: any) => w.category),
      ['connection.sessions', 'records.graph', 'records.interactions', 'records.message_metadata', 'content.private', 'content.media']);
    assert.equal(files.has('categories/connection.sessions.json'), false);

    // And nothing else: the only files are these, and no private record, credential or session date is anywhere.
    assert.deepEqual([...files.keys()].sort(), [
      'categories/connection.device.json', 'categories/connection.ip.json', 'categories/content.public.json',
      'categories/records.location.json', 'categories/subscriber.address.json', 'categories/subscriber.email.json',
      'categories/subscriber.handle.json', 'categories/subscriber.name.json', 'categories/subscriber.payment.json',
      'categories/subscriber.phone.json', 'categories/subscriber.service.json',
      'certificate.json', 'manifest.json', 'withheld.json',
    ]);
    const forbidden = [
      TEXT.followersOnly, TEXT.direct, TEXT.fredsPost, 'fred_follower', 'dana_recipient', 'DM ATTACHMENT', 'PUBLIC PHOTO',
      s.dmPhoto.file_key, s.photo.file_key, s.secrets.passphrase_hash, s.secrets.token_hash, s.session.token,
      s.secrets.created_on, s.secrets.expires_on, '2017-03-02',
    ];
    assert.equal(s.secrets.created_on, '2017-03-02');
    for (const [name, text] of files) for (const needle of forbidden) assert.ok(!text.includes(needle), `${name} contains ${needle}`);

    // The manifest lists every other file with its hash and size; the certificate signs the manifest.
    const manifest = JSON.parse(files.get('manifest.json')!);
    assert.equal(manifest.case_id, caseId);
    assert.equal(manifest.reference, 'CBP-OPR-2017-ALT-USCIS');
    assert.equal(manifest.generated_at, '2017-03-20T15:00:00.000Z');
    assert.deepEqual(manifest.files.map((f: any) => f.path), [...files.keys()].filter((k) => k !== 'manifest.json' && k !== 'certificate.json').sort());
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(dir, f.path));
      assert.deepEqual([f.sha256, f.bytes], [crypto.createHash('sha256').update(bytes).digest('hex'), bytes.length], f.path);
    }
    const certificate = JSON.parse(files.get('certificate.json')!);
    assert.equal(certificate.manifest_sha256, sha256(fs.readFileSync(path.join(dir, 'manifest.json'))));
    assert.equal(certificate.manifest_sha256, built.manifestSha256);
    assert.match(certificate.public_key, /BEGIN PUBLIC KEY/);
    assert.match(certificate.statement, /CBP-OPR-2017-ALT-USCIS/);

    // The audit log records the production with the manifest hash.
    const events = await new AuditLog(t.ctx.db, t.ctx.clock).entries(caseId);
    const event = events.find((e) => e.type === 'production.built');
    assert.ok(event);
    assert.equal((event.payload as any).manifest_sha256, built.manifestSha256);
    assert.equal(event.actor, 'counsel');
    assert.equal((await t.ctx.desk.get(caseId)).state, 'partially_complied', 'some requested records were withheld');

    const intact = verifyPackage(dir);
    assert.deepEqual(intact.problems, []);
    assert.equal(intact.ok, true);
    assert.equal(verifyPackage(dir, { expectedFingerprint: built.keyFingerprint }).ok, true);
    assert.equal(verifyPackage(dir, { expectedFingerprint: '0000:0000' }).ok, false, 'a different published key fails');

    // Same data, same clock: the same bytes (Ed25519 signatures are deterministic).
    const again = path.join(t.dataDir, 'again');
    await buildPackage(t.ctx, caseId, again, { actor: 'counsel' });
    assert.deepEqual(readAll(again), files, 'a package is reproducible');

    // A package is never written over files that would then be outside its manifest.
    await assert.rejects(buildPackage(t.ctx, caseId, dir, { actor: 'counsel' }), (e: unknown) => e instanceof PubliusError && e.code === 'CONFLICT');

    // Tampering, each on a fresh copy.
    const copy = (name: string) => { const d = path.join(t.dataDir, name); fs.cpSync(dir, d, { recursive: true }); return d; };
    const changed = copy('changed');
    const target = path.join(changed, 'categories/content.public.json');
    const bytes = fs.readFileSync(target);
    bytes[bytes.indexOf('Public post')] ^= 0x01;
    fs.writeFileSync(target, bytes);
    const v1 = verifyPackage(changed);
    assert.equal(v1.ok, false);
    assert.deepEqual(v1.problems, ['categories/content.public.json: SHA-256 does not match the manifest (the file was changed)']);

    const removed = copy('removed');
    fs.rmSync(path.join(removed, 'categories/subscriber.phone.json'));
    assert.deepEqual(verifyPackage(removed).problems, ['categories/subscriber.phone.json: listed in the manifest but missing']);

    const added = copy('added');
    fs.writeFileSync(path.join(added, 'categories/content.private.json'), '{"records":["planted"]}\n');
    assert.deepEqual(verifyPackage(added).problems, ['categories/content.private.json: not listed in the manifest (a file was added)']);

    // Editing the manifest to match a changed file breaks the signature.
    const forged = copy('forged');
    const forgedFile = path.join(forged, 'categories/subscriber.handle.json');
    fs.writeFileSync(forgedFile, fs.readFileSync(forgedFile, 'utf8').replace('ALT_uscis', 'someone_else'));
    const m = JSON.parse(fs.readFileSync(path.join(forged, 'manifest.json'), 'utf8'));
    const entry = m.files.find((f: any) => f.path === 'categories/subscriber.handle.json');
    const newBytes = fs.readFileSync(forgedFile);
    entry.sha256 = sha256(newBytes); entry.bytes = newBytes.length;
    fs.writeFileSync(path.join(forged, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    const v4 = verifyPackage(forged);
    assert.equal(v4.ok, false);
    assert.ok(v4.problems.some((p) => p.startsWith('manifest.json: the signature')), v4.problems.join('; '));

    // Re-signing with another key is caught when the reader compares the published fingerprint.
    const other = crypto.generateKeyPairSync('ed25519');
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cert = JSON.parse(fs.readFileSync(path.join(forged, 'certificate.json'), 'utf8'));
    const manifestBytes = fs.readFileSync(path.join(forged, 'manifest.json'));
    Object.assign(cert, {
      public_key: otherPem, signature: crypto.sign(null, manifestBytes, other.privateKey).toString('base64'),
      manifest_sha256: sha256(manifestBytes), key_fingerprint: (await import('../signing/instance-key.js')).keyFingerprint(otherPem),
    });
    fs.writeFileSync(path.join(forged, 'certificate.json'), JSON.stringify(cert));
    assert.equal(verifyPackage(forged).ok, true, 'internally consistent once re-signed…');
    assert.equal(verifyPackage(forged, { expectedFingerprint: built.keyFingerprint }).ok, false, '…but not by the instance key');
  } finally {
    await t.close();
  }
});

test('only a comply or narrow decision is produced; the date range and other categories follow the inventory', async () => {
  const time = movableClock('2017-01-20T00:00:00Z');
  const t = await createTestContext({ clock: time.clock });
  try {
    const s = await seedAltUscis(t, time);
    for (const recommendation of ['challenge', 'reject', 'clarify'] as const) {
      const caseId = await insertCase(t.ctx, { recommendation, produce: [] });
      const dir = path.join(t.dataDir, `refused-${recommendation}`);
      await assert.rejects(buildPackage(t.ctx, caseId, dir, { actor: 'counsel' }),
        (e: unknown) => e instanceof PubliusError && e.code === 'CONFLICT' && e.message.includes(recommendation));
      assert.equal(fs.existsSync(dir), false, 'nothing is written');
    }
    const undecided = await insertCase(t.ctx, { recommendation: 'comply', produce: [] });
    await t.ctx.db.updateTable('legal_cases').set({ decision: null }).where('id', '=', undecided).execute();
    await assert.rejects(buildPackage(t.ctx, undecided, path.join(t.dataDir, 'undecided'), { actor: null }), /no decision/);
    await assert.rejects(buildPackage(t.ctx, '999999', path.join(t.dataDir, 'none'), { actor: null }), (e: unknown) => e instanceof PubliusError && e.code === 'NOT_FOUND');

    // Every table a producible category draws on has a rule tying its rows to an account.
    assert.deepEqual(tablesWithoutScope(LEGAL_CATEGORIES), []);

    // A comply decision on a warrant-like scope: private content, media, graph, interactions and sessions.
    const everything = LEGAL_CATEGORIES.filter((c) => !categoriesNeverHeld().includes(c));
    const caseId = await insertCase(t.ctx, { recommendation: 'comply', produce: everything, date_range: { from: '2017-02-04', to: '2017-02-06' } });
    const dir = path.join(t.dataDir, 'full');
    await buildPackage(t.ctx, caseId, dir, { actor: 'counsel' });
    const read = (c: string) => JSON.parse(fs.readFileSync(path.join(dir, 'categories', `${c}.json`), 'utf8'));
    const priv = read('content.private').records.filter((r: any) => r.table === 'statuses');
    assert.deepEqual(priv.map((p: any) => p.visibility), ['private', 'direct']);
    assert.ok(priv.some((p: any) => p.text.includes(TEXT.direct)));
    // The date range (4-6 February) leaves out the public post of the 3rd and its first version, but keeps the edit of the 4th.
    const pub = read('content.public').records;
    assert.deepEqual(pub.filter((r: any) => r.table === 'statuses').map((p: any) => p.text), [TEXT.unlisted]);
    assert.deepEqual(pub.filter((r: any) => r.table === 'status_edits').map((p: any) => [p.status_id, p.text]), [[s.pub.id, TEXT.public]]);
    const media = read('content.media').records.filter((r: any) => r.table === 'media');
    assert.deepEqual(media.map((m: any) => m.id), [s.avatar.id, s.photo.id, s.dmPhoto.id], 'media are undated: all of the account\'s');
    assert.equal(media[1].url, `${t.config.publicUrl}/media/${s.photo.file_key}`);
    assert.ok(media.every((m: any) => typeof m.width === 'number' && !('data' in m)));
    const graph = read('records.graph').records.filter((r: any) => r.table === 'follows');
    assert.deepEqual(graph, [{ table: 'follows', follower_id: s.fred.id, followee_id: s.alt.id }], "another account's follow shows only its public columns");
    const favs = read('records.interactions').records.filter((r: any) => r.table === 'favourites');
    assert.equal(favs.length, 1);
    // Sessions are dated 2 March: outside the range, so none; the session check below has no range.
    assert.deepEqual(read('connection.sessions').records.filter((r: any) => r.table === 'access_tokens'), []);
    const sessions = await recordsInCategory(t.ctx.db, s.alt.id, 'connection.sessions', { publicUrl: t.config.publicUrl });
    const tokens = sessions.records.filter((r) => r.table === 'access_tokens');
    assert.deepEqual(tokens.map((r) => Object.keys(r).sort()), [['created_on', 'expires_on', 'last_used_on', 'table']], 'dates only, never the token hash');
    for (const f of fs.readdirSync(path.join(dir, 'categories'))) {
      const text = fs.readFileSync(path.join(dir, 'categories', f), 'utf8');
      for (const needle of [s.secrets.passphrase_hash, s.secrets.token_hash]) assert.ok(!text.includes(needle), f);
    }
    assert.equal(verifyPackage(dir).ok, true);

    // A target that does not exist gets a statement, not an error.
    const ghost = await insertCase(t.ctx, { recommendation: 'comply', produce: ['subscriber.handle'] }, ['no_such_account']);
    const ghostDir = path.join(t.dataDir, 'ghost');
    await buildPackage(t.ctx, ghost, ghostDir, { actor: 'counsel' });
    const g = JSON.parse(fs.readFileSync(path.join(ghostDir, 'categories/subscriber.handle.json'), 'utf8'));
    assert.deepEqual([g.exists, g.records], [false, []]);
    assert.match(g.statement, /No account @no_such_account exists/);

    // A deleted account whose records a preservation hold still keeps: the package does not claim there are none.
    const gone = await insertCase(t.ctx, { recommendation: 'comply', produce: ['subscriber.handle'] }, ['gone_account']);
    const hold = await t.ctx.db.insertInto('legal_holds').values({
      case_id: gone, account_id: null, handle: 'gone_account', starts_at: '2017-03-01T00:00:00Z', expires_at: '2017-05-30T00:00:00Z',
    }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('legal_snapshots').values({ hold_id: hold.id, taken_at: '2017-03-01T00:00:00Z', data: '{"account":{"handle":"gone_account"}}', sha256: 'x' }).execute();
    const goneDir = path.join(t.dataDir, 'gone');
    await buildPackage(t.ctx, gone, goneDir, { actor: 'counsel' });
    const gf = JSON.parse(fs.readFileSync(path.join(goneDir, 'categories/subscriber.handle.json'), 'utf8'));
    assert.match(gf.statement, new RegExp(`preserved under legal hold ${hold.id} still exist`));
  } finally {
    await t.close();
  }
});

test('publius legal produce and verify-package: exit codes through the CLI', async () => {
  const time = movableClock('2017-01-20T00:00:00Z');
  const t = await createTestContext({ persistentDb: true, clock: time.clock });
  let caseId: string;
  let challenged: string;
  try {
    await seedAltUscis(t, time);
    caseId = await insertCase(t.ctx, { recommendation: 'narrow', produce: ['subscriber.handle', 'subscriber.service', 'content.public'] });
    challenged = await insertCase(t.ctx, { recommendation: 'challenge', produce: [] });
  } finally {
    await t.ctx.close();
  }
  const env = { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn', ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/publius.mjs'), 'legal', ...args], { env, cwd: ROOT });
  try {
    const dir = path.join(t.dataDir, 'cli-package');
    const produced = cli('produce', caseId, '--out', dir);
    assert.equal(produced.status, 0, produced.stderr.toString());
    assert.match(produced.stdout.toString(), /CBP-OPR-2017-ALT-USCIS[\s\S]*signed by key/);

    const ok = cli('verify-package', dir, '--json');
    assert.equal(ok.status, 0, ok.stdout.toString());
    assert.equal(JSON.parse(ok.stdout.toString()).ok, true);

    fs.appendFileSync(path.join(dir, 'categories/subscriber.service.json'), ' ');
    const bad = cli('verify-package', dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout.toString(), /PACKAGE ALTERED[\s\S]*categories\/subscriber\.service\.json/);

    const refused = cli('produce', challenged, '--out', path.join(t.dataDir, 'refused'));
    assert.equal(refused.status, 1);
    assert.match(refused.stderr.toString(), /challenge/);
    assert.equal(fs.existsSync(path.join(t.dataDir, 'refused')), false);

    assert.equal(cli('produce', caseId).status, 2, 'usage without --out');
  } finally {
    await t.cleanup();
  }
});
