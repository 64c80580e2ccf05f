import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../clock.js';
import { GENESIS_HASH, sealEntry, verifyChain, type ChainEntry, type ChainVerdict } from '../ledger/hash-chain.js';

export interface AppendInput {
  caseId: string | null;
  type: string;
  payload: unknown;
  actor: string | null;
}

/**
 * The legal desk's audit log in the database: one global hash chain, appended under an exclusive table lock
 * so that two desk members acting at once still produce one unbroken chain.
 */
export class AuditLog {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** Appends inside the caller's transaction when given one (so the event commits with the change it records). */
  async append(input: AppendInput, trx?: Db): Promise<ChainEntry> {
    const run = async (t: Db) => {
      await sql`lock table legal_events in exclusive mode`.execute(t);
      const last = await t.selectFrom('legal_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const entry = sealEntry({
        seq: (last?.seq ?? 0) + 1, caseId: input.caseId, type: input.type,
        payload: JSON.parse(JSON.stringify(input.payload ?? null)), actor: input.actor, at: this.clock.now().toISOString(),
      }, last?.hash ?? GENESIS_HASH);
      await t.insertInto('legal_events').values({
        seq: entry.seq, case_id: entry.caseId, type: entry.type, payload: JSON.stringify(entry.payload),
        actor: entry.actor, at: entry.at, prev_hash: entry.prevHash, hash: entry.hash,
      }).execute();
      return entry;
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  async entries(caseId?: string): Promise<ChainEntry[]> {
    let q = this.db.selectFrom('legal_events').selectAll().orderBy('seq');
    if (caseId) q = q.where('case_id', '=', caseId);
    const rows = await q.execute();
    return rows.map((r) => ({
      seq: r.seq, caseId: r.case_id, type: r.type, payload: r.payload, actor: r.actor,
      at: new Date(r.at).toISOString(), prevHash: r.prev_hash, hash: r.hash,
    }));
  }

  /** Recomputes the whole chain from the stored rows. */
  async verify(): Promise<ChainVerdict> {
    return verifyChain(await this.entries());
  }
}
