import type { Db } from '../../db/database.js';
import { generateInstanceKey, type InstanceKeyPair } from './instance-key.js';

const PRIVATE = 'instance_ed25519_private';
const PUBLIC = 'instance_ed25519_public';

/**
 * The instance key lives in instance_settings (class secret in the inventory) so that every process of one
 * instance signs with the same key. Created on first use; the first writer wins if two processes race.
 */
export async function loadInstanceKey(db: Db): Promise<InstanceKeyPair> {
  const existing = await read(db);
  if (existing) return existing;
  const fresh = generateInstanceKey();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('instance_settings').values([
      { key: PRIVATE, value: fresh.privateKeyPem }, { key: PUBLIC, value: fresh.publicKeyPem },
    ]).onConflict((oc) => oc.column('key').doNothing()).execute();
  });
  return (await read(db))!;
}

async function read(db: Db): Promise<InstanceKeyPair | null> {
  const rows = await db.selectFrom('instance_settings').select(['key', 'value']).where('key', 'in', [PRIVATE, PUBLIC]).execute();
  const priv = rows.find((r) => r.key === PRIVATE)?.value;
  const pub = rows.find((r) => r.key === PUBLIC)?.value;
  return priv && pub ? { privateKeyPem: priv, publicKeyPem: pub } : null;
}
