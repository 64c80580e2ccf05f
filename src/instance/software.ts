import fs from 'node:fs';

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string; repository?: { url?: string } | string };

/** What this server is, from package.json: one source for the instance API, NodeInfo and logs. */
export const SOFTWARE = {
  name: pkg.name,
  version: pkg.version,
  /** The Mastodon API level Publius implements; clients read the major version from `version`. */
  mastodonVersion: '4.3.0',
  /** Where the source is offered (AGPL §13): package.json's repository; empty until it has one. */
  sourceUrl: typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '').replace(/^git\+/, ''),
} as const;

/** Mastodon's `version` field: clients parse the leading Mastodon version to decide which features exist. */
export const MASTODON_COMPATIBLE_VERSION = `${SOFTWARE.mastodonVersion} (compatible; Publius ${SOFTWARE.version})`;
