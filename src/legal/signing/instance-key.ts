import crypto from 'node:crypto';

/**
 * The instance's Ed25519 key signs production certificates and the warrant canary. Anyone holding the public
 * key (published on the instance's pages) can check a signature without trusting the server.
 */
export interface InstanceKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateInstanceKey(): InstanceKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function sign(privateKeyPem: string, data: string | Buffer): string {
  return crypto.sign(null, Buffer.from(data), crypto.createPrivateKey(privateKeyPem)).toString('base64');
}

export function verifySignature(publicKeyPem: string, data: string | Buffer, signatureB64: string): boolean {
  try {
    return crypto.verify(null, Buffer.from(data), crypto.createPublicKey(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

/** Short fingerprint of a public key, for people to compare by eye. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = crypto.createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 32).replace(/(.{4})(?=.)/g, '$1:');
}
