import type { Config } from '../../../config/config.js';
import type { InstanceRule, InstanceUsage } from '../../../instance/instance.views.js';
import { MASTODON_COMPATIBLE_VERSION, SOFTWARE } from '../../../instance/software.js';
import { MAX_STATUS_CHARS } from '../../../posts/content.js';
import { MAX_MEDIA } from '../../../posts/posts.service.js';

/** The formats MediaService accepts and re-encodes. */
const SUPPORTED_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** The WebSocket form of the public URL: where clients open the streaming API. */
export function streamingUrl(config: Config): string {
  return config.publicUrl.replace(/^http/, 'ws');
}

function registrationMessage(config: Config): string | null {
  switch (config.signupMode) {
    case 'open': return null;
    case 'invite': return 'Sign-up needs an invite code from someone on this server.';
    case 'closed': return 'This server is not accepting new accounts.';
  }
}

/** Limits shared by both versions of the Instance entity. */
function limits(config: Config) {
  return {
    accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
    statuses: { max_characters: MAX_STATUS_CHARS, max_media_attachments: MAX_MEDIA, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: SUPPORTED_MIME_TYPES, description_limit: 1500,
      image_size_limit: config.mediaMaxBytes, image_matrix_limit: 40_000_000,
      // No video: zero limits tell clients not to offer it.
      video_size_limit: 0, video_frame_rate_limit: 0, video_matrix_limit: 0,
    },
    polls: { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 },
  };
}

/** Mastodon's Instance entity (v2). https://docs.joinmastodon.org/entities/Instance/ */
export function toInstanceEntity(config: Config, usage: InstanceUsage, rules: InstanceRule[]) {
  return {
    domain: config.domain,
    title: config.instanceName,
    version: MASTODON_COMPATIBLE_VERSION,
    source_url: SOFTWARE.sourceUrl,
    description: config.instanceDescription,
    usage: { users: { active_month: usage.activeMonth } },
    thumbnail: { url: `${config.publicUrl}/static/avatar.png`, blurhash: null, versions: {} },
    icon: [],
    languages: ['en'],
    configuration: {
      urls: { streaming: streamingUrl(config), status: null },
      vapid: { public_key: '' },
      ...limits(config),
      translation: { enabled: false },
    },
    registrations: {
      enabled: config.signupMode !== 'closed', approval_required: false, message: registrationMessage(config),
      url: null, min_age: null, reason_required: false,
    },
    api_versions: { mastodon: 2 },
    // No email address exists anywhere in Publius, the operator's included.
    contact: { email: '', account: null },
    rules,
  };
}

/** The deprecated v1 Instance entity, still read by older clients. https://docs.joinmastodon.org/entities/V1_Instance/ */
export function toV1InstanceEntity(config: Config, usage: InstanceUsage, rules: InstanceRule[]) {
  return {
    uri: config.domain,
    title: config.instanceName,
    short_description: config.instanceDescription,
    description: config.instanceDescription,
    email: '',
    version: MASTODON_COMPATIBLE_VERSION,
    urls: { streaming_api: streamingUrl(config) },
    stats: { user_count: usage.users, status_count: usage.statuses, domain_count: 1 },
    thumbnail: `${config.publicUrl}/static/avatar.png`,
    languages: ['en'],
    registrations: config.signupMode !== 'closed',
    approval_required: false,
    invites_enabled: config.signupMode === 'invite' || config.userInvites,
    configuration: limits(config),
    contact_account: null,
    rules,
  };
}

/** NodeInfo 2.0 (https://nodeinfo.diaspora.software/protocol): software and totals only. */
export function toNodeInfo(config: Config, usage: InstanceUsage) {
  return {
    version: '2.0',
    software: { name: SOFTWARE.name, version: SOFTWARE.version },
    // Publius does not federate; it speaks none of the protocols NodeInfo lists.
    protocols: [],
    services: { inbound: [], outbound: [] },
    openRegistrations: config.signupMode === 'open',
    usage: {
      users: { total: usage.users, activeMonth: usage.activeMonth, activeHalfyear: usage.activeHalfyear },
      localPosts: usage.statuses,
    },
    metadata: { nodeName: config.instanceName, nodeDescription: config.instanceDescription },
  };
}
