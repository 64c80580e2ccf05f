import { defineRoute } from '../../route.js';
import { KNOWN_SCOPES } from '../../../sessions/scopes.js';

/**
 * GET /.well-known/oauth-authorization-server — RFC 8414 metadata, which Mastodon 4.3 serves too: clients can
 * discover the endpoints, the scopes and that PKCE must use S256.
 */
export default defineRoute((app, ctx) => {
  const base = ctx.config.publicUrl;
  app.get('/.well-known/oauth-authorization-server', async () => ({
    issuer: `${base}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    scopes_supported: [...KNOWN_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  }));
});
