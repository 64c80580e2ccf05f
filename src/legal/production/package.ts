import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Context } from '../../context.js';
import { fail } from '../../errors.js';
import { categoriesNeverHeld, LEGAL_CATEGORIES, type LegalCategory } from '../../privacy/inventory.js';
import { CATEGORY_LABELS } from '../vocabulary.js';
import type { Assessment } from '../assessment.js';
import type { CaseDecision } from '../desk/case.types.js';
import { AuditLog } from '../desk/audit-log.js';
import { targetHandle } from '../desk/assess-held.js';
import { loadInstanceKey } from '../signing/key-store.js';
import { keyFingerprint, sign } from '../signing/instance-key.js';
import { recordsInCategory, type DateRange } from './records.js';

/** Identifies the layout of a package, so a verifier written later knows what it reads. */
export const PACKAGE_FORMAT = 'publius-production/1';
export const MANIFEST = 'manifest.json';
export const CERTIFICATE = 'certificate.json';

export interface ManifestFile { path: string; sha256: string; bytes: number }

export interface Manifest {
  format: typeof PACKAGE_FORMAT;
  case_id: string;
  reference: string;
  generated_at: string;
  instance: { name: string; url: string };
  targets: string[];
  produced: LegalCategory[];
  not_held: LegalCategory[];
  withheld: Array<{ category: LegalCategory; reason: string }>;
  date_range: DateRange | null;
  /** The certificate's statement, inside the signed bytes so that it cannot be reworded afterwards. */
  attestation: string;
  files: ManifestFile[];
}

export interface Certificate {
  statement: string;
  manifest: typeof MANIFEST;
  manifest_sha256: string;
  algorithm: 'Ed25519';
  public_key: string;
  key_fingerprint: string;
  /** Base64 Ed25519 signature over the exact bytes of manifest.json. */
  signature: string;
}

export interface BuiltPackage {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
  keyFingerprint: string;
}

/** Only a decision to hand something over leads to a production; every other outcome produces nothing. */
const PRODUCIBLE_STATES = new Set(['approved', 'complied', 'partially_complied']);
const PRODUCING = new Set(['comply', 'narrow']);

/**
 * Builds the production package of an approved case in outDir: one file per category (exactly the held records
 * in scope, or an explicit statement that there are none), statements for categories never collected and for
 * categories withheld, a manifest with the SHA-256 of every file, and a certificate of authenticity signed with
 * the instance key. Writes nothing unless the case may be produced, and never into a directory holding files
 * (a package must contain only what its manifest lists).
 */
export async function buildPackage(ctx: Context, caseId: string, outDir: string, opts: { actor: string | null }): Promise<BuiltPackage> {
  if (!/^\d{1,18}$/.test(caseId)) fail('NOT_FOUND', `No legal case ${caseId}`);
  const row = await ctx.db.selectFrom('legal_cases')
    .select(['id', 'reference', 'valid', 'state', 'targets', 'document', 'assessment', 'decision'])
    .where('id', '=', caseId).executeTakeFirst();
  if (!row) fail('NOT_FOUND', `No legal case ${caseId}`);
  const decision = row.decision as CaseDecision | null;
  if (!row.valid) fail('CONFLICT', `Case ${caseId} is not a valid demand; nothing can be produced for it`);
  if (!decision) fail('CONFLICT', `Case ${caseId} has no decision yet; a lawyer must decide before anything is produced`);
  if (!PRODUCING.has(decision.recommendation)) {
    fail('CONFLICT', `Case ${caseId} was decided "${decision.recommendation}"; only a decision to comply or narrow leads to a production`);
  }
  if (!PRODUCIBLE_STATES.has(row.state)) {
    fail('CONFLICT', `Case ${caseId} is ${row.state}; a package is produced only for an approved case (or re-issued for one already produced)`);
  }
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) fail('CONFLICT', `${outDir} is not empty; a package is written into a new or empty directory`);

  const assessment = row.assessment as Assessment | null;
  const document = (row.document ?? {}) as { categories?: unknown; all_records?: unknown };
  // "All records" asks for every category: the package then answers for each one, held or not.
  const requested = new Set<LegalCategory>(document.all_records === true ? LEGAL_CATEGORIES :
    (Array.isArray(document.categories) ? document.categories : []).filter((c): c is LegalCategory => (LEGAL_CATEGORIES as readonly string[]).includes(c)),
  );
  const neverHeld = new Set(categoriesNeverHeld());
  // A category never collected cannot be produced even if the decision lists it: it gets the "no records" statement.
  const produce = sortCategories(decision.produce.filter((c) => !neverHeld.has(c)));
  const notHeld = sortCategories([...new Set([...requested, ...decision.produce])].filter((c) => neverHeld.has(c)));
  const withheld = sortCategories([...requested].filter((c) => !neverHeld.has(c) && !produce.includes(c))).map((category) => ({
    category,
    reason: assessment?.categories.withhold.find((w) => w.category === category)?.reason ?? 'not_in_decision',
  }));

  const dateRange = decision.date_range && (decision.date_range.from || decision.date_range.to) ? decision.date_range : null;
  const targets = [...new Set(row.targets.map(targetHandle))].sort();
  const accounts = targets.length
    ? await ctx.db.selectFrom('accounts').select(['id', 'handle', sql<string>`lower(handle)`.as('lower')]).where(sql`lower(handle)`, 'in', targets).execute()
    : [];
  const now = ctx.clock.now().toISOString();

  const files: Array<{ path: string; content: Buffer }> = [];
  const put = (rel: string, value: unknown) => files.push({ path: rel, content: Buffer.from(`${JSON.stringify(value, null, 2)}\n`) });
  // One target (the usual demand) keeps the short layout; several get one directory each.
  // A target is text from the demand: only handle characters reach a file name.
  const categoryPath = (handle: string, c: LegalCategory) =>
    (targets.length === 1 ? `categories/${c}.json` : `categories/${handle.replace(/[^a-z0-9_]/g, '_')}/${c}.json`);

  for (const handle of targets) {
    const account = accounts.find((a) => a.lower === handle);
    const preserved = account ? [] : await preservedSnapshots(ctx, handle);
    for (const category of produce) {
      if (!account) {
        // Saying "nothing is held" while a preservation snapshot of a deleted account still exists would be
        // untrue; the package says so, and the desk produces from the snapshot separately.
        put(categoryPath(handle, category), {
          category, account: handle, exists: false, records: [],
          statement: preserved.length
            ? `No account @${handle} exists on this server any more. Records of it preserved under legal hold ${preserved.join(', ')} still exist and are not part of this package.`
            : `No account @${handle} exists on this server; no records of it are held in this category.`,
        });
        continue;
      }
      const held = await recordsInCategory(ctx.db, account.id, category, { dateRange, publicUrl: ctx.config.publicUrl });
      put(categoryPath(handle, category), {
        category, description: CATEGORY_LABELS[category], account: account.handle, exists: true, date_range: dateRange,
        ...(held.records.length ? {} : { statement: `The account @${account.handle} holds no records in this category${dateRange ? ' within the date range' : ''}.` }),
        sources: held.sources,
        records: held.records,
      });
    }
  }
  for (const category of notHeld) {
    put(`categories/${category}.json`, {
      category, description: CATEGORY_LABELS[category], held: false, records: [],
      statement: `Publius never collects ${CATEGORY_LABELS[category]}: no column of its database holds this category, for any account. No records exist.`,
    });
  }
  put('withheld.json', {
    statement: withheld.length
      ? 'These requested categories are not produced; no records of them are in this package.'
      : 'No requested category is withheld.',
    withheld,
  });

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const key = await loadInstanceKey(ctx.db);
  const fingerprint = keyFingerprint(key.publicKeyPem);
  const attestation = [
    `I certify that this package was produced by ${ctx.config.instanceName} (${ctx.config.publicUrl}) on ${now}`,
    `in answer to legal case ${row.id} (reference ${row.reference}). Each category file holds exactly the records`,
    'this server held in that category for the named account at that time, read from its database without',
    'alteration, or a statement that none exist. The SHA-256 of every file is listed in manifest.json, which is',
    `signed with the instance's Ed25519 key (fingerprint ${fingerprint}).`,
  ].join('\n');
  const manifest: Manifest = {
    format: PACKAGE_FORMAT, case_id: String(row.id), reference: row.reference, generated_at: now,
    instance: { name: ctx.config.instanceName, url: ctx.config.publicUrl }, targets,
    produced: produce, not_held: notHeld, withheld, date_range: dateRange, attestation,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: f.content.length })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestSha256 = sha256(manifestBytes);
  const certificate: Certificate = {
    statement: attestation, manifest: MANIFEST, manifest_sha256: manifestSha256, algorithm: 'Ed25519',
    public_key: key.publicKeyPem, key_fingerprint: fingerprint, signature: sign(key.privateKeyPem, manifestBytes),
  };

  for (const f of files) {
    fs.mkdirSync(path.join(outDir, path.dirname(f.path)), { recursive: true });
    fs.writeFileSync(path.join(outDir, f.path), f.content);
  }
  fs.writeFileSync(path.join(outDir, MANIFEST), manifestBytes);
  fs.writeFileSync(path.join(outDir, CERTIFICATE), `${JSON.stringify(certificate, null, 2)}\n`);

  // The log entry and the case's outcome commit together: complied when nothing requested and held was withheld.
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.desk.audit.append({
      caseId: String(row.id), type: 'production.built', actor: opts.actor,
      payload: { manifest_sha256: manifestSha256, key_fingerprint: fingerprint, files: files.length, produced: produce, not_held: notHeld, withheld },
    }, trx);
    await ctx.desk.markProduced(trx, String(row.id), withheld.length === 0, opts.actor ?? 'system');
  });
  return { dir: outDir, manifest, manifestSha256, keyFingerprint: fingerprint };
}

/** Holds on a handle whose snapshot is still kept (not purged): records of a deleted account that still exist. */
async function preservedSnapshots(ctx: Context, handle: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('legal_snapshots').innerJoin('legal_holds', 'legal_holds.id', 'legal_snapshots.hold_id')
    .select('legal_holds.id').distinct()
    .where(sql`lower(legal_holds.handle)`, '=', handle).where('legal_snapshots.purged_at', 'is', null).where('legal_snapshots.data', 'is not', null)
    .orderBy('legal_holds.id').execute();
  return rows.map((r) => String(r.id));
}

export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Categories in the vocabulary's order, so that the same decision always lists them the same way. */
function sortCategories(list: Iterable<LegalCategory>): LegalCategory[] {
  const set = new Set(list);
  return LEGAL_CATEGORIES.filter((c) => set.has(c));
}
