import fs from 'node:fs';
import path from 'node:path';
import { keyFingerprint, verifySignature } from '../signing/instance-key.js';
import { CERTIFICATE, MANIFEST, PACKAGE_FORMAT, sha256, type Certificate, type Manifest } from './package.js';

export interface PackageVerdict {
  ok: boolean;
  /** One line per problem, each naming the file concerned. */
  problems: string[];
  caseId: string | null;
  reference: string | null;
  /** Fingerprint of the key that signed the package: compare it with the one the instance publishes. */
  keyFingerprint: string | null;
  files: number;
}

/**
 * Checks a production package with nothing but its own files: the certificate's signature over the exact bytes
 * of the manifest, and every file against the manifest (present, same size, same SHA-256), with no file added.
 * Whoever receives a package can run it; trusting the key itself means comparing its fingerprint with the one
 * the instance publishes, which `expectedFingerprint` does when given.
 */
export function verifyPackage(dir: string, opts: { expectedFingerprint?: string } = {}): PackageVerdict {
  const problems: string[] = [];
  const verdict = (caseId: string | null = null, reference: string | null = null, fingerprint: string | null = null, files = 0): PackageVerdict =>
    ({ ok: problems.length === 0, problems, caseId, reference, keyFingerprint: fingerprint, files });

  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) { problems.push(`${dir}: not a directory`); return verdict(); }
  const manifestBytes = readOrNull(path.join(dir, MANIFEST));
  const certificateBytes = readOrNull(path.join(dir, CERTIFICATE));
  if (!manifestBytes) problems.push(`${MANIFEST}: missing`);
  if (!certificateBytes) problems.push(`${CERTIFICATE}: missing`);
  if (!manifestBytes || !certificateBytes) return verdict();

  const manifest = parse<Manifest>(manifestBytes);
  const certificate = parse<Certificate>(certificateBytes);
  if (!manifest || manifest.format !== PACKAGE_FORMAT || !Array.isArray(manifest.files)) problems.push(`${MANIFEST}: not a ${PACKAGE_FORMAT} manifest`);
  if (!certificate || typeof certificate.signature !== 'string' || typeof certificate.public_key !== 'string') problems.push(`${CERTIFICATE}: not a certificate`);
  if (!manifest || !certificate || problems.length) return verdict();

  // The signature is what makes the manifest trustworthy; the hash in the certificate only helps a reader.
  let fingerprint: string | null = null;
  try { fingerprint = keyFingerprint(certificate.public_key); } catch { problems.push(`${CERTIFICATE}: the public key cannot be read`); }
  if (fingerprint && certificate.key_fingerprint !== fingerprint) problems.push(`${CERTIFICATE}: key_fingerprint does not match the public key`);
  if (opts.expectedFingerprint && fingerprint !== opts.expectedFingerprint) problems.push(`${CERTIFICATE}: signed by key ${fingerprint}, not the expected ${opts.expectedFingerprint}`);
  if (!verifySignature(certificate.public_key, manifestBytes, certificate.signature)) problems.push(`${MANIFEST}: the signature in ${CERTIFICATE} does not match it (the manifest or the signature was changed)`);
  if (certificate.manifest_sha256 !== sha256(manifestBytes)) problems.push(`${MANIFEST}: its SHA-256 differs from the one in ${CERTIFICATE}`);
  if (certificate.statement !== manifest.attestation) problems.push(`${CERTIFICATE}: the statement differs from the signed one in ${MANIFEST}`);

  const listed = new Set<string>();
  for (const f of manifest.files) {
    const rel = typeof f?.path === 'string' ? f.path : '';
    // A manifest path must stay inside the package; anything else is a forged or broken manifest.
    if (!rel || path.isAbsolute(rel) || rel.split('/').some((p) => p === '..' || p === '' || p === '.') || rel === MANIFEST || rel === CERTIFICATE) {
      problems.push(`${MANIFEST}: invalid file path ${JSON.stringify(f?.path)}`);
      continue;
    }
    listed.add(rel);
    const data = readOrNull(path.join(dir, ...rel.split('/')));
    if (!data) { problems.push(`${rel}: listed in the manifest but missing`); continue; }
    if (data.length !== f.bytes) problems.push(`${rel}: ${data.length} bytes, the manifest says ${f.bytes}`);
    if (sha256(data) !== f.sha256) problems.push(`${rel}: SHA-256 does not match the manifest (the file was changed)`);
  }
  for (const rel of listFiles(dir)) {
    if (rel !== MANIFEST && rel !== CERTIFICATE && !listed.has(rel)) problems.push(`${rel}: not listed in the manifest (a file was added)`);
  }
  return verdict(manifest.case_id ?? null, manifest.reference ?? null, fingerprint, manifest.files.length);
}

function readOrNull(file: string): Buffer | null {
  try { return fs.statSync(file).isFile() ? fs.readFileSync(file) : null; } catch { return null; }
}

function parse<T>(bytes: Buffer): T | null {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return value && typeof value === 'object' ? value as T : null;
  } catch { return null; }
}

/** Every file under dir, as package paths with forward slashes, in a fixed order. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}
