import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Context } from '../../context.js';
import type { Db } from '../../db/database.js';
import { addDays } from '../../clock.js';
import { fail } from '../../errors.js';
import { INVENTORY, type TableEntry } from '../../privacy/inventory.js';
import type { Hold, LegalHoldRegistry } from '../../privacy/legal-hold.js';
import { isValidHandle, normalizeHandle } from '../../accounts/handle.js';
import { MEDIA_KEY_PATTERN } from '../../media/media.service.js';
import { canonicalJson } from '../ledger/hash-chain.js';
import { AuditLog } from '../desk/audit-log.js';

/** 18 U.S.C. § 2703(f)(2): 90 days, and the one renewal is "an additional 90-day period". */
export const DEFAULT_HOLD_DAYS = 90;
export const RENEWAL_DAYS = 90;
/** The statute allows exactly one renewal; a third request has no basis (shared/legal/NOTES.md §3). */
export const MAX_RENEWALS = 1;

export interface PreservationHold {
  id: string;
  caseId: string;
  /** Null once the account holder deleted the account: the snapshot is then all that is left. */
  accountId: string | null;
  handle: string;
  startsAt: Date;
  expiresAt: Date;
  renewals: number;
  releasedAt: Date | null;
  purgedAt: Date | null;
  snapshotSha256: string | null;
}

export interface PlaceInput {
  caseId: string;
  handles: string[];
  /** 90 for § 2703(f); EU preservation orders (Reg. 2023/1543) run 60 days. */
  days?: number;
  actor: string;
}

export interface PlaceResult {
  holds: PreservationHold[];
  /** Handles that name no account here: nothing exists to preserve, which the desk tells the requester. */
  missing: string[];
}

export interface PreservedFile {
  mediaId: string;
  fileKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** What a snapshot holds: the account's rows, table by table as the inventory lists them, and its files. */
export interface SnapshotData {
  account: { id: string; handle: string };
  takenAt: string;
  tables: Record<string, Record<string, unknown>[]>;
  files: PreservedFile[];
}

export interface Snapshot {
  holdId: string;
  takenAt: Date;
  sha256: string;
  data: SnapshotData;
  /** Where each preserved file is on disk, checked against its SHA-256 on this read. */
  filePaths: Record<string, string>;
}

/** Tables whose rows belong to the account through one of its posts (same rule as the export). */
const VIA_STATUS = new Set(['status_edits', 'status_mentions', 'status_tags']);
/** Rows other accounts created about this one (its followers, requests to follow it, mentions of it). */
const ABOUT: Record<string, (accountId: string) => ReturnType<typeof sql>> = {
  follows: (id) => sql`followee_id = ${id}`,
  follow_requests: (id) => sql`target_account_id = ${id}`,
  status_mentions: (id) => sql`account_id = ${id} and status_id not in (select id from statuses where account_id = ${id})`,
};

/**
 * Preservation holds (18 U.S.C. § 2703(f); EU preservation orders): an immutable copy of an account's records,
 * taken when the hold is placed, that survives the account holder deleting the account, and is purged when the
 * hold expires or is released. It replaces the privacy service's NO_HOLDS, so deletion records a
 * preservation notice for every hold in force.
 *
 * A hold preserves only what exists when it is placed: § 2703(f) creates no duty to collect anything new, so
 * posts written afterwards are not added. Snapshots are never updated except to purge them; their SHA-256 (of
 * the canonical JSON) is checked on every read, and each copied file's SHA-256 with it.
 */
export class PreservationHolds implements LegalHoldRegistry {
  readonly audit: AuditLog;
  /** Outside the media directory, so account deletion (which removes media files by key) never reaches it. */
  readonly dir: string;

  constructor(private readonly ctx: Context) {
    this.audit = new AuditLog(ctx.db, ctx.clock);
    this.dir = path.join(ctx.config.dataDir, 'legal-holds');
  }

  /** One hold per named account that exists, each with its snapshot taken in the same transaction. */
  async place(input: PlaceInput): Promise<PlaceResult> {
    const days = input.days ?? DEFAULT_HOLD_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > 366) fail('VALIDATION', 'A hold lasts a whole number of days, from 1 to 366');
    const handles = [...new Set(input.handles.map(normalizeHandle))];
    if (!handles.length) fail('VALIDATION', 'Name at least one account to preserve');
    const now = this.ctx.clock.now();
    const written: string[] = [];
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const legalCase = await trx.selectFrom('legal_cases').select('id').where('id', '=', input.caseId).executeTakeFirst();
        if (!legalCase) fail('NOT_FOUND', 'No such legal case');
        const holds: PreservationHold[] = [];
        const missing: string[] = [];
        for (const handle of handles) {
          // "for share" keeps a concurrent deletion from removing the rows (and then the files) mid-copy.
          const account = isValidHandle(handle)
            ? await trx.selectFrom('accounts').select(['id', 'handle']).where(sql`lower(handle)`, '=', handle).forShare().executeTakeFirst()
            : undefined;
          if (!account) { missing.push(handle); continue; }
          const expiresAt = addDays(now, days);
          const hold = await trx.insertInto('legal_holds').values({
            case_id: input.caseId, account_id: account.id, handle: account.handle, starts_at: now, expires_at: expiresAt,
          }).returning('id').executeTakeFirstOrThrow();
          const holdDir = path.join(this.dir, hold.id);
          written.push(holdDir);
          const data = await this.collect(trx, account, now, holdDir);
          const sha256 = hashData(data);
          await trx.insertInto('legal_snapshots').values({ hold_id: hold.id, taken_at: now, data: JSON.stringify(data), sha256 }).execute();
          await this.audit.append({
            caseId: input.caseId, type: 'hold.placed', actor: input.actor,
            payload: { holdId: hold.id, handle: account.handle, startsAt: now.toISOString(), expiresAt: expiresAt.toISOString(), days, snapshotSha256: sha256, files: data.files.length },
          }, trx);
          holds.push({
            id: hold.id, caseId: input.caseId, accountId: account.id, handle: account.handle, startsAt: now, expiresAt,
            renewals: 0, releasedAt: null, purgedAt: null, snapshotSha256: sha256,
          });
        }
        if (missing.length) {
          await this.audit.append({ caseId: input.caseId, type: 'hold.no_account', actor: input.actor, payload: { handles: missing } }, trx);
        }
        return { holds, missing };
      });
    } catch (err) {
      // The rows rolled back; copies of files for holds that do not exist must not linger either.
      for (const dir of written) await fs.rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The one renewal § 2703(f)(2) allows: another 90 days counted from the current expiry. */
  async renew(holdId: string, actor: string): Promise<PreservationHold> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const hold = await trx.selectFrom('legal_holds').selectAll().where('id', '=', holdId).forUpdate().executeTakeFirst();
      if (!hold) fail('NOT_FOUND', 'No such preservation hold');
      if (hold.purged_at || hold.released_at || new Date(hold.expires_at) <= now) fail('CONFLICT', 'This preservation hold has ended; an ended hold cannot be renewed');
      if (hold.renewals >= MAX_RENEWALS) {
        fail('CONFLICT', 'A preservation hold can be renewed once (18 U.S.C. § 2703(f)(2): one further 90 days); this hold was already renewed');
      }
      const expiresAt = addDays(new Date(hold.expires_at), RENEWAL_DAYS);
      await trx.updateTable('legal_holds').set({ expires_at: expiresAt, renewals: hold.renewals + 1 }).where('id', '=', holdId).execute();
      await this.audit.append({
        caseId: hold.case_id, type: 'hold.renewed', actor,
        payload: { holdId, handle: hold.handle, previousExpiresAt: new Date(hold.expires_at).toISOString(), expiresAt: expiresAt.toISOString(), renewals: hold.renewals + 1 },
      }, trx);
    });
    return this.get(holdId);
  }

  /** Ends a hold early (the requester withdrew, or the desk found it unfounded); the next purge run removes the snapshot. */
  async release(holdId: string, actor: string): Promise<PreservationHold> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const hold = await trx.selectFrom('legal_holds').selectAll().where('id', '=', holdId).forUpdate().executeTakeFirst();
      if (!hold) fail('NOT_FOUND', 'No such preservation hold');
      if (hold.released_at || hold.purged_at) fail('CONFLICT', 'This preservation hold was already released or purged');
      await trx.updateTable('legal_holds').set({ released_at: now }).where('id', '=', holdId).execute();
      await this.audit.append({
        caseId: hold.case_id, type: 'hold.released', actor,
        payload: { holdId, handle: hold.handle, releasedAt: now.toISOString(), expiresAt: new Date(hold.expires_at).toISOString() },
      }, trx);
    });
    return this.get(holdId);
  }

  /**
   * Purges the snapshot and files of every hold that expired or was released: preservation is the only reason
   * they were kept. The hash stays as proof of what was preserved. Returns how many holds were purged.
   */
  async purgeExpired(now: Date = this.ctx.clock.now()): Promise<number> {
    const due = await this.ctx.db.selectFrom('legal_holds').select('id').where('purged_at', 'is', null)
      .where((eb) => eb.or([eb('released_at', 'is not', null), eb('expires_at', '<=', now)])).orderBy('id').execute();
    let purged = 0;
    for (const { id } of due) {
      const done = await this.ctx.db.transaction().execute(async (trx) => {
        const hold = await trx.selectFrom('legal_holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!hold || hold.purged_at) return false; // another run got there first
        const snap = await trx.selectFrom('legal_snapshots').select('sha256').where('hold_id', '=', id).executeTakeFirst();
        await trx.updateTable('legal_snapshots').set({ data: null, purged_at: now }).where('hold_id', '=', id).execute();
        await trx.updateTable('legal_holds').set({ purged_at: now }).where('id', '=', id).execute();
        await this.audit.append({
          caseId: hold.case_id, type: 'hold.purged', actor: null,
          payload: {
            holdId: id, handle: hold.handle, reason: hold.released_at ? 'released' : 'expired',
            expiresAt: new Date(hold.expires_at).toISOString(), purgedAt: now.toISOString(), snapshotSha256: snap?.sha256 ?? null,
          },
        }, trx);
        // Files go before the commit: should the commit fail, the hold stays unpurged and the next run removes
        // them again (rm is idempotent), rather than the database claiming a purge whose files survived.
        await fs.rm(path.join(this.dir, id), { recursive: true, force: true });
        return true;
      });
      if (done) purged++;
    }
    return purged;
  }

  /** LegalHoldRegistry: holds in force over the account (not released, not expired, not purged). */
  async holdsFor(accountId: string): Promise<Hold[]> {
    const rows = await this.ctx.db.selectFrom('legal_holds').select(['id', 'case_id']).where('account_id', '=', accountId)
      .where('released_at', 'is', null).where('purged_at', 'is', null).where('expires_at', '>', this.ctx.clock.now())
      .orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, caseId: r.case_id }));
  }

  /** The preserved records, checked against their hashes; refused once purged, or if anything was altered. */
  async snapshot(holdId: string): Promise<Snapshot> {
    const row = await this.ctx.db.selectFrom('legal_snapshots').selectAll().where('hold_id', '=', holdId).executeTakeFirst();
    if (!row) fail('NOT_FOUND', 'No such preservation hold');
    if (row.purged_at || row.data === null) fail('GONE', `The snapshot of hold ${holdId} was purged when the hold ended`);
    const data = row.data as SnapshotData;
    if (hashData(data) !== row.sha256) fail('INTERNAL', `The snapshot of hold ${holdId} does not match its SHA-256: it was altered after it was taken`);
    const filePaths: Record<string, string> = {};
    for (const file of data.files) {
      const where = this.filePath(holdId, file.fileKey);
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(where);
      } catch {
        fail('INTERNAL', `The preserved file ${file.fileKey} of hold ${holdId} is missing`);
      }
      if (sha256(bytes) !== file.sha256) fail('INTERNAL', `The preserved file ${file.fileKey} of hold ${holdId} does not match its SHA-256`);
      filePaths[file.fileKey] = where;
    }
    return { holdId, takenAt: new Date(row.taken_at), sha256: row.sha256, data, filePaths };
  }

  async get(holdId: string): Promise<PreservationHold> {
    const [hold] = await this.query().where('legal_holds.id', '=', holdId).execute();
    if (!hold) fail('NOT_FOUND', 'No such preservation hold');
    return toHold(hold);
  }

  async forCase(caseId: string): Promise<PreservationHold[]> {
    return (await this.query().where('legal_holds.case_id', '=', caseId).orderBy('legal_holds.id').execute()).map(toHold);
  }

  private query() {
    return this.ctx.db.selectFrom('legal_holds').leftJoin('legal_snapshots', 'legal_snapshots.hold_id', 'legal_holds.id')
      .selectAll('legal_holds').select('legal_snapshots.sha256');
  }

  private filePath(holdId: string, fileKey: string): string {
    // Keys come from our own media table, but the pattern check keeps an altered snapshot from naming ../ paths.
    if (!MEDIA_KEY_PATTERN.test(fileKey)) fail('INTERNAL', `The snapshot of hold ${holdId} names an invalid file`);
    return path.join(this.dir, holdId, fileKey);
  }

  /**
   * The account's rows, driven by the inventory as the export is: every table with an owner and every column
   * except secrets (credentials are never produced to anyone) and generated search vectors. The desk's own
   * tables (legal_*) are left out: they are records of the case, not of the account, and are kept by the desk.
   */
  private async collect(trx: Db, account: { id: string; handle: string }, now: Date, holdDir: string): Promise<SnapshotData> {
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const [table, entry] of Object.entries(INVENTORY)) {
      if (!entry.owner || table.startsWith('legal_')) continue;
      const where = VIA_STATUS.has(table)
        ? sql`status_id in (select id from statuses where account_id = ${account.id})`
        : sql`${sql.ref(entry.owner)} = ${account.id}`;
      const rows = await select(trx, table, entry, where);
      const about = ABOUT[table];
      if (about) rows.push(...(await select(trx, table, entry, about(account.id))));
      tables[table] = rows;
    }
    const files: PreservedFile[] = [];
    const media = await trx.selectFrom('media').select(['id', 'file_key', 'content_type']).where('account_id', '=', account.id).orderBy('id').execute();
    if (media.length) await fs.mkdir(holdDir, { recursive: true, mode: 0o750 });
    for (const m of media) {
      const source = this.ctx.media.filePath(m.file_key);
      if (!source) continue;
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(source);
      } catch {
        continue; // a row whose file is already gone: the rows record it, there are no bytes to keep
      }
      await fs.writeFile(path.join(holdDir, m.file_key), bytes, { mode: 0o440 });
      files.push({ mediaId: m.id, fileKey: m.file_key, contentType: m.content_type, sizeBytes: bytes.length, sha256: sha256(bytes) });
    }
    // Through JSON once, so what is hashed now is exactly what a later read of the jsonb column gives back.
    return JSON.parse(JSON.stringify({ account, takenAt: now.toISOString(), tables, files })) as SnapshotData;
  }
}

async function select(trx: Db, table: string, entry: TableEntry, where: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  // Column and table names come from the inventory, never from input.
  const columns = Object.entries(entry.columns).filter(([name, c]) => name !== 'search' && c.class !== 'secret').map(([name]) => name);
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} where ${where} order by 1`.execute(trx);
  return rows;
}

function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function hashData(data: unknown): string {
  return sha256(canonicalJson(data));
}

function toHold(r: {
  id: string; case_id: string; account_id: string | null; handle: string; starts_at: Date; expires_at: Date; renewals: number;
  released_at: Date | null; purged_at: Date | null; sha256: string | null;
}): PreservationHold {
  const date = (d: Date | null) => (d === null ? null : new Date(d));
  return {
    id: r.id, caseId: r.case_id, accountId: r.account_id, handle: r.handle, startsAt: new Date(r.starts_at), expiresAt: new Date(r.expires_at),
    renewals: r.renewals, releasedAt: date(r.released_at), purgedAt: date(r.purged_at), snapshotSha256: r.sha256,
  };
}
