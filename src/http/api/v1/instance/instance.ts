import { defineRoute } from '../../../route.js';
import { instanceRules, instanceUsage } from '../../../../instance/instance.views.js';
import { MAX_STATUS_CHARS } from '../../../../posts/content.js';
import { MAX_MEDIA } from '../../../../posts/posts.service.js';

const MIME = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** GET /api/v1/instance, /api/v2/instance and friends — https://docs.joinmastodon.org/methods/instance/ */
export default defineRoute((app, ctx) => {
  const c = ctx.config;
  const streaming = c.publicUrl.replace(/^http/, 'ws');
  const configuration = {
    urls: { streaming },
    accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
    statuses: { max_characters: MAX_STATUS_CHARS, max_media_attachments: MAX_MEDIA, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: MIME, image_size_limit: c.mediaMaxBytes, image_matrix_limit: 40_000_000,
      video_size_limit: 0, video_frame_rate_limit: 0, video_matrix_limit: 0, description_limit: 1500,
    },
    polls: { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 },
    translation: { enabled: false },
  };
  const registrationsOpen = c.signupMode !== 'closed';

  app.get('/api/v2/instance', async () => ({
    domain: c.domain,
    title: c.instanceName,
    version: '4.3.0 (compatible; Publius 0.1.0)',
    source_url: 'https://example.invalid/publius',
    description: c.instanceDescription,
    usage: { users: { active_month: (await instanceUsage(ctx)).users } },
    thumbnail: { url: `${c.publicUrl}/static/avatar.png`, blurhash: null, versions: {} },
    icon: [],
    languages: ['en'],
    configuration: { ...configuration, vapid: { public_key: '' }, limited_federation: false },
    registrations: { enabled: registrationsOpen, approval_required: false, message: c.signupMode === 'invite' ? 'An invite code is required.' : null, url: null },
    api_versions: { mastodon: 2 },
    contact: { email: '', account: null },
    rules: await instanceRules(ctx),
  }));

  app.get('/api/v1/instance', async () => {
    const usage = await instanceUsage(ctx);
    return {
      uri: c.domain, title: c.instanceName, short_description: c.instanceDescription, description: c.instanceDescription,
      email: '', version: '4.3.0 (compatible; Publius 0.1.0)', urls: { streaming_api: streaming },
      stats: { user_count: usage.users, status_count: usage.statuses, domain_count: 1 },
      thumbnail: null, languages: ['en'], registrations: registrationsOpen, approval_required: false,
      invites_enabled: c.signupMode === 'invite', configuration, contact_account: null, rules: await instanceRules(ctx),
    };
  });

  app.get('/api/v1/instance/rules', async () => instanceRules(ctx));
  app.get('/api/v1/instance/peers', async () => []);
  app.get('/api/v1/instance/activity', async () => []);
  app.get('/api/v1/custom_emojis', async () => []);
  app.get('/api/v1/trends/tags', async () => []);
  app.get('/api/v1/trends/statuses', async () => []);
  app.get('/api/v1/announcements', async () => []);
  app.get('/api/v1/filters', async () => []);
  app.get('/api/v2/filters', async () => []);
  app.get('/api/v1/lists', async () => []);
  app.get('/api/v1/markers', async () => ({}));
  app.get('/api/v1/preferences', async () => ({
    'posting:default:visibility': 'public', 'posting:default:sensitive': false, 'posting:default:language': null,
    'reading:expand:media': 'default', 'reading:expand:spoilers': false,
  }));
});
