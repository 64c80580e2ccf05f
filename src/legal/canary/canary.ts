import type { Db } from '../../db/database.js';
import type { Clock } from '../../clock.js';
import { addDays, isoDate } from '../../clock.js';
import { loadInstanceKey } from '../signing/key-store.js';
import { keyFingerprint, sign, verifySignature } from '../signing/instance-key.js';

export interface CanaryStatus {
  state: 'current' | 'expired' | 'none';
  statement: string | null;
  issued_on: string | null;
  expires_on: string | null;
  signature: string | null;
  public_key: string | null;
  fingerprint: string | null;
  signature_valid: boolean;
}

/**
 * The warrant canary: a dated statement, signed with the instance key, that must be renewed before it
 * expires. When the renewal date passes without a new statement, the public page shows it as expired — the
 * signal that something may have been served that cannot be spoken about.
 */
export class Canary {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly instanceName: string) {}

  text(issuedOn: string, expiresOn: string): string {
    return [
      `${this.instanceName} warrant canary, issued ${issuedOn}.`,
      `As of this date, the operators of ${this.instanceName} have not received any National Security Letter,`,
      'FISA order, or other legal process that forbids them from disclosing its existence, and have not been',
      'compelled to modify the software to collect data it does not otherwise collect.',
      `This statement will be renewed before ${expiresOn}. If it is not, assume it can no longer be made.`,
    ].join('\n');
  }

  async renew(validDays = 30): Promise<CanaryStatus> {
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > 366) throw new RangeError('validDays must be 1..366');
    const key = await loadInstanceKey(this.db);
    const now = this.clock.now();
    const issued_on = isoDate(now);
    const expires_on = isoDate(addDays(now, validDays));
    const statement = this.text(issued_on, expires_on);
    await this.db.insertInto('canary_statements').values({
      statement, issued_on, expires_on, signature: sign(key.privateKeyPem, statement), public_key: key.publicKeyPem,
    }).execute();
    return this.status();
  }

  async status(): Promise<CanaryStatus> {
    const row = await this.db.selectFrom('canary_statements').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return { state: 'none', statement: null, issued_on: null, expires_on: null, signature: null, public_key: null, fingerprint: null, signature_valid: false };
    const valid = verifySignature(row.public_key, row.statement, row.signature);
    const expired = row.expires_on < isoDate(this.clock.now());
    return {
      state: expired || !valid ? 'expired' : 'current',
      statement: row.statement, issued_on: row.issued_on, expires_on: row.expires_on, signature: row.signature,
      public_key: row.public_key, fingerprint: keyFingerprint(row.public_key), signature_valid: valid,
    };
  }
}
