/**
 * The data inventory: the single list of everything Publius stores. Every table and column in the live schema
 * must appear here (test: inventory.test.ts). From it come the privacy page, the "what this server holds about
 * me" view, the export, and the legal desk's answer to which requested categories are not held at all.
 */

/** How sensitive a column is and who may see it. */
export type DataClass =
  /** Shown to anyone who may see the thing it belongs to (handle, public posts). */
  | 'public'
  /** The account holder's own data, not shown to others (bookmarks, mutes, followers-only posts). */
  | 'private'
  /** Credentials; stored only as hashes and never produced to anyone, the user included. */
  | 'secret'
  /** Needed to run the service; carries no personal data (sequences, settings, migration state). */
  | 'operational';

/** The legal desk's category vocabulary (shared/legal/FORMAT.md). */
export const LEGAL_CATEGORIES = [
  'subscriber.handle', 'subscriber.name', 'subscriber.address', 'subscriber.email', 'subscriber.phone',
  'subscriber.payment', 'subscriber.service', 'connection.ip', 'connection.sessions', 'connection.device',
  'records.graph', 'records.interactions', 'records.message_metadata', 'records.location',
  'content.public', 'content.private', 'content.media',
] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];

export interface ColumnEntry {
  class: DataClass;
  /** Plain words, shown on the privacy page. */
  description: string;
  /**
   * The legal categories a demand would use to ask for it (posts are content.public or content.private
   * depending on their visibility); absent when it describes no person.
   */
  category?: LegalCategory | LegalCategory[];
  /**
   * Why the account holder's own view and export leave this column out (its value is replaced by a note),
   * when showing it would expose another person — a moderator's account, for instance.
   */
  hiddenFromOwner?: string;
}

export interface TableEntry {
  /** What the table is for, in plain words. */
  purpose: string;
  /** How long rows are kept, in plain words (shown on the privacy page). */
  retention: string;
  /** Column that ties a row to the account it is about, for export and deletion; absent for instance data. */
  owner?: string;
  /**
   * Which of the owner's rows the owner may see (an SQL condition on this table's columns, written here,
   * never built from input). Legal notices not yet delivered stay hidden: a court order may forbid telling.
   */
  ownerSees?: string;
  columns: Record<string, ColumnEntry>;
}

const id = (what: string): ColumnEntry => ({ class: 'operational', description: `Internal number of the ${what}` });
const ref = (what: string, category?: LegalCategory): ColumnEntry =>
  ({ class: 'operational', description: `Which ${what} this belongs to`, ...(category ? { category } : {}) });

const UNTIL_DELETED = 'Until the account holder deletes it or the account is deleted';

export const INVENTORY: Record<string, TableEntry> = {
  accounts: {
    purpose: 'One row per account: the public profile and what is needed to log in.',
    retention: 'Until the account is deleted; deletion is immediate',
    owner: 'id',
    columns: {
      id: id('account'),
      handle: { class: 'public', description: 'The chosen handle', category: 'subscriber.handle' },
      display_name: { class: 'public', description: 'The chosen display name (need not be a real name)', category: 'content.public' },
      bio: { class: 'public', description: 'Profile text', category: 'content.public' },
      avatar_media_id: { class: 'public', description: 'Which uploaded image is the avatar', category: 'content.public' },
      header_media_id: { class: 'public', description: 'Which uploaded image is the header', category: 'content.public' },
      locked: { class: 'public', description: 'Whether follows need approval', category: 'content.public' },
      discoverable: { class: 'public', description: 'Whether the account appears in search and directories', category: 'content.public' },
      bot: { class: 'public', description: 'Whether the account says it is automated', category: 'content.public' },
      role: { class: 'public', description: 'user, moderator, legal desk or admin', category: 'subscriber.service' },
      passphrase_hash: { class: 'secret', description: 'Argon2id hash of the passphrase; the passphrase itself is never stored' },
      created_on: { class: 'public', description: 'The date (no time) the account was created', category: 'subscriber.service' },
      last_seen_on: { class: 'private', description: 'The last date (no time) the account was used', category: 'connection.sessions' },
      suspended: { class: 'public', description: 'Whether moderators suspended the account', category: 'subscriber.service' },
      silenced: { class: 'private', description: 'Whether moderators limited the account', category: 'subscriber.service' },
      followers_count: { class: 'public', description: 'Number of followers', category: 'records.graph' },
      following_count: { class: 'public', description: 'Number of accounts followed', category: 'records.graph' },
      statuses_count: { class: 'public', description: 'Number of posts', category: 'content.public' },
      last_status_on: { class: 'public', description: 'Date (no time) of the latest post', category: 'content.public' },
      search: { class: 'public', description: 'Search index of handle and display name', category: 'subscriber.handle' },
    },
  },
  recovery_codes: {
    purpose: 'One-time codes to regain an account without email.',
    retention: 'Until used, replaced, or the account is deleted',
    owner: 'account_id',
    columns: {
      id: id('code'),
      account_id: ref('account'),
      code_hash: { class: 'secret', description: 'Hash of a recovery code' },
    },
  },
  invites: {
    purpose: 'Single-use invite codes. Who used one is never recorded.',
    retention: 'Until used or expired, then kept only as used',
    owner: 'created_by',
    columns: {
      id: id('invite'),
      code_hash: { class: 'secret', description: 'Hash of the invite code' },
      created_by: ref('account that created the invite'),
      created_on: { class: 'private', description: 'Date the invite was made' },
      expires_on: { class: 'private', description: 'Date the invite stops working' },
      used: { class: 'operational', description: 'Whether it has been used' },
    },
  },
  oauth_apps: {
    purpose: 'Client applications registered through the API.',
    retention: 'Until the operator removes them',
    columns: {
      id: id('application'),
      client_id: { class: 'operational', description: 'Public client identifier' },
      client_secret_hash: { class: 'secret', description: 'Hash of the client secret' },
      name: { class: 'operational', description: 'Application name' },
      website: { class: 'operational', description: 'Application website' },
      redirect_uris: { class: 'operational', description: 'Where authorisation returns to' },
      scopes: { class: 'operational', description: 'Scopes the application may ask for' },
      created_on: { class: 'operational', description: 'Date the application was registered' },
    },
  },
  oauth_codes: {
    purpose: 'Authorisation codes between the consent form and the token exchange.',
    retention: '10 minutes, or until exchanged',
    owner: 'account_id',
    columns: {
      code_hash: { class: 'secret', description: 'Hash of the code' },
      app_id: ref('application'),
      account_id: ref('account'),
      redirect_uri: { class: 'operational', description: 'Redirect the code is bound to' },
      scopes: { class: 'operational', description: 'Granted scopes' },
      code_challenge: { class: 'secret', description: 'PKCE challenge' },
      code_challenge_method: { class: 'operational', description: 'PKCE method' },
      expires_at: { class: 'operational', description: 'When the code stops working' },
    },
  },
  access_tokens: {
    purpose: 'Logged-in sessions and app tokens, stored only as hashes. No address, device or login time.',
    retention: 'Until revoked or expired (dates only); expired rows are purged daily',
    owner: 'account_id',
    columns: {
      id: id('session'),
      token_hash: { class: 'secret', description: 'Hash of the token' },
      refresh_hash: { class: 'secret', description: 'Hash of the refresh token' },
      kind: { class: 'private', description: 'Web session or app token' },
      app_id: ref('application'),
      account_id: ref('account'),
      scopes: { class: 'private', description: 'What the token may do' },
      created_on: { class: 'private', description: 'Date (no time) the session began', category: 'connection.sessions' },
      last_used_on: { class: 'private', description: 'Last date (no time) the session was used', category: 'connection.sessions' },
      expires_on: { class: 'private', description: 'Date the session expires', category: 'connection.sessions' },
    },
  },
  media: {
    purpose: 'Uploaded images, re-encoded with all metadata (EXIF, GPS, XMP, IPTC) removed.',
    retention: UNTIL_DELETED + '; unattached uploads are purged after a day',
    owner: 'account_id',
    columns: {
      id: id('file'),
      account_id: ref('account'),
      status_id: ref('post'),
      file_key: { class: 'operational', description: 'Random file name on disk' },
      content_type: { class: 'public', description: 'Image format', category: 'content.media' },
      kind: { class: 'public', description: 'Kind of media', category: 'content.media' },
      width: { class: 'public', description: 'Width in pixels', category: 'content.media' },
      height: { class: 'public', description: 'Height in pixels', category: 'content.media' },
      size_bytes: { class: 'public', description: 'File size', category: 'content.media' },
      description: { class: 'public', description: 'Alt text', category: 'content.media' },
      focus_x: { class: 'public', description: 'Focal point', category: 'content.media' },
      focus_y: { class: 'public', description: 'Focal point', category: 'content.media' },
      blurhash: { class: 'public', description: 'Blurred preview', category: 'content.media' },
      position: { class: 'public', description: "Order among the post's attachments", category: 'content.media' },
    },
  },
  statuses: {
    purpose: 'Posts and boosts. Public and unlisted posts are public; followers-only and direct posts are private.',
    retention: UNTIL_DELETED,
    owner: 'account_id',
    columns: {
      id: id('post'),
      account_id: ref('author'),
      in_reply_to_id: { class: 'public', description: 'The post this replies to', category: ['content.public', 'content.private'] },
      in_reply_to_account_id: { class: 'public', description: 'The author replied to', category: ['content.public', 'content.private'] },
      reblog_of_id: { class: 'public', description: 'The post boosted', category: 'records.interactions' },
      text: { class: 'public', description: 'The text as written (private for followers-only and direct posts)', category: ['content.public', 'content.private'] },
      content_html: { class: 'public', description: 'The text rendered with links', category: ['content.public', 'content.private'] },
      spoiler_text: { class: 'public', description: 'Content warning', category: ['content.public', 'content.private'] },
      visibility: { class: 'public', description: 'public, unlisted, followers-only or direct', category: ['content.public', 'content.private'] },
      sensitive: { class: 'public', description: 'Marked sensitive', category: ['content.public', 'content.private'] },
      language: { class: 'public', description: 'Language chosen for the post', category: ['content.public', 'content.private'] },
      created_at: { class: 'public', description: 'When the post was published (shown on the post)', category: ['content.public', 'content.private'] },
      edited_at: { class: 'public', description: 'When the post was last edited (shown on the post)', category: ['content.public', 'content.private'] },
      replies_count: { class: 'public', description: 'Number of replies', category: 'content.public' },
      reblogs_count: { class: 'public', description: 'Number of boosts', category: 'content.public' },
      favourites_count: { class: 'public', description: 'Number of favourites', category: 'content.public' },
      search: { class: 'public', description: 'Search index of the text', category: 'content.public' },
    },
  },
  status_edits: {
    purpose: 'Earlier versions of edited posts, shown as edit history.',
    retention: 'As long as the post',
    owner: 'status_id',
    columns: {
      id: id('edit'),
      status_id: ref('post'),
      text: { class: 'public', description: 'Earlier text', category: ['content.public', 'content.private'] },
      content_html: { class: 'public', description: 'Earlier rendered text', category: ['content.public', 'content.private'] },
      spoiler_text: { class: 'public', description: 'Earlier content warning', category: ['content.public', 'content.private'] },
      sensitive: { class: 'public', description: 'Earlier sensitive flag', category: ['content.public', 'content.private'] },
      media_ids: { class: 'public', description: 'Earlier attachments', category: 'content.media' },
      created_at: { class: 'public', description: 'When that version was published', category: ['content.public', 'content.private'] },
    },
  },
  status_mentions: {
    purpose: 'Who a post mentions, so they are notified and may see it.',
    retention: 'As long as the post',
    owner: 'status_id',
    columns: {
      status_id: ref('post'),
      account_id: { class: 'public', description: 'Account mentioned (private for direct posts)', category: 'records.message_metadata' },
    },
  },
  tags: {
    purpose: 'Hashtags used in posts.',
    retention: 'Indefinitely (a tag describes no person)',
    columns: { id: id('hashtag'), name: { class: 'public', description: 'The hashtag' } },
  },
  status_tags: {
    purpose: 'Which hashtags a post uses.',
    retention: 'As long as the post',
    owner: 'status_id',
    columns: { status_id: ref('post'), tag_id: { class: 'public', description: 'Hashtag used', category: 'content.public' } },
  },
  idempotency_keys: {
    purpose: 'Lets an app retry posting without creating duplicates.',
    retention: '1 day',
    owner: 'account_id',
    columns: {
      account_id: ref('account'),
      key: { class: 'operational', description: 'Key the app sent' },
      status_id: ref('post'),
      created_on: { class: 'operational', description: 'Date the key was used' },
    },
  },
  follows: {
    purpose: 'Who follows whom. No follow date is kept.',
    retention: 'Until unfollowed, blocked, or either account is deleted',
    owner: 'follower_id',
    columns: {
      id: id('follow'),
      follower_id: { class: 'public', description: 'The follower', category: 'records.graph' },
      followee_id: { class: 'public', description: 'The account followed', category: 'records.graph' },
      show_reblogs: { class: 'private', description: 'Whether boosts are shown', category: 'records.graph' },
      notify: { class: 'private', description: 'Whether to be notified of posts', category: 'records.graph' },
    },
  },
  follow_requests: {
    purpose: 'Pending requests to follow locked accounts.',
    retention: 'Until accepted, rejected or withdrawn',
    owner: 'account_id',
    columns: {
      id: id('request'),
      account_id: { class: 'private', description: 'Who asked', category: 'records.graph' },
      target_account_id: { class: 'private', description: 'Who was asked', category: 'records.graph' },
      show_reblogs: { class: 'private', description: 'Whether boosts will be shown once accepted', category: 'records.graph' },
      notify: { class: 'private', description: 'Whether to be notified of posts once accepted', category: 'records.graph' },
    },
  },
  blocks: {
    purpose: 'Accounts a user blocked.',
    retention: 'Until unblocked',
    owner: 'account_id',
    columns: {
      id: id('block'),
      account_id: ref('account'),
      target_account_id: { class: 'private', description: 'Account blocked', category: 'records.graph' },
    },
  },
  mutes: {
    purpose: 'Accounts a user muted.',
    retention: 'Until unmuted or the mute expires',
    owner: 'account_id',
    columns: {
      id: id('mute'),
      account_id: ref('account'),
      target_account_id: { class: 'private', description: 'Account muted', category: 'records.graph' },
      hide_notifications: { class: 'private', description: 'Whether notifications are muted too', category: 'records.graph' },
      expires_at: { class: 'private', description: 'When the mute ends', category: 'records.graph' },
    },
  },
  favourites: {
    purpose: 'Posts a user favourited. No time is kept.',
    retention: 'Until unfavourited',
    owner: 'account_id',
    columns: {
      id: id('favourite'),
      account_id: { class: 'public', description: 'Who favourited', category: 'records.interactions' },
      status_id: { class: 'public', description: 'Post favourited', category: 'records.interactions' },
    },
  },
  bookmarks: {
    purpose: 'Posts a user bookmarked (seen only by them).',
    retention: 'Until removed',
    owner: 'account_id',
    columns: {
      id: id('bookmark'),
      account_id: ref('account'),
      status_id: { class: 'private', description: 'Post bookmarked', category: 'records.interactions' },
    },
  },
  notifications: {
    purpose: 'Notifications shown to the account holder.',
    retention: '90 days',
    owner: 'account_id',
    columns: {
      id: id('notification'),
      account_id: ref('account'),
      from_account_id: { class: 'private', description: 'Who caused it', category: 'records.interactions' },
      type: { class: 'private', description: 'Kind of notification', category: 'records.interactions' },
      status_id: { class: 'private', description: 'Post concerned', category: 'records.interactions' },
      created_at: { class: 'private', description: 'When it happened', category: 'records.interactions' },
    },
  },
  instance_settings: {
    purpose: 'Settings of this server.',
    retention: 'Indefinitely',
    columns: {
      key: { class: 'operational', description: 'Setting name' },
      value: { class: 'secret', description: 'Setting value, including the form-signing secret and the instance signing key; never shown or produced' },
    },
  },
  instance_rules: {
    purpose: 'The server rules shown to everyone.',
    retention: 'Indefinitely',
    columns: {
      id: id('rule'),
      text: { class: 'operational', description: 'Rule text' },
      hint: { class: 'operational', description: 'Explanation' },
      position: { class: 'operational', description: 'Order' },
    },
  },
  account_count_samples: {
    purpose: "The account's follower, following and post counts over time, for its insights charts. Counts only: who followed, unfollowed or read is never recorded here.",
    retention: 'One row per hour in which a count changed, for 90 days; after that one row per day (the last of the day) until the account is deleted',
    owner: 'account_id',
    columns: {
      account_id: ref('account'),
      at: { class: 'public', description: 'The hour (UTC) the counts were sampled in', category: 'records.graph' },
      followers_count: { class: 'public', description: 'Number of followers at that hour', category: 'records.graph' },
      following_count: { class: 'private', description: 'Number of accounts followed at that hour (the history is shown only to the account holder)', category: 'records.graph' },
      statuses_count: { class: 'private', description: 'Number of posts at that hour (the history is shown only to the account holder)', category: 'content.public' },
    },
  },
  preservation_notices: {
    purpose: 'Tells the legal desk that an account under a legal preservation hold was deleted by its holder, so the desk can answer the authority that asked. Written only when a hold was in force; never shown to the account holder.',
    retention: 'Until the legal desk closes the hold',
    columns: {
      id: id('notice'),
      hold_id: { class: 'operational', description: 'The legal hold in force' },
      case_id: { class: 'operational', description: 'The legal desk case of the hold' },
      account_id: { class: 'private', description: 'The deleted account', category: 'subscriber.handle' },
      handle: { class: 'private', description: 'Handle of the deleted account', category: 'subscriber.handle' },
      deleted_on: { class: 'private', description: 'Date (no time) the account was deleted', category: 'subscriber.service' },
    },
  },
  legal_cases: {
    purpose: 'Legal demands received by the legal desk, stored as received (including malformed ones) with their validation problems.',
    retention: 'Seven years after the case closes, for the transparency report and any later challenge',
    columns: {
      id: id('case'),
      reference: { class: 'operational', description: "The requester's own reference" },
      kind: { class: 'operational', description: 'Information, preservation or removal' },
      process: { class: 'operational', description: 'The legal process cited (subpoena, warrant, …)' },
      received_at: { class: 'operational', description: 'When the demand reached the desk' },
      document: { class: 'operational', description: 'The demand as received; names the target handles' },
      problems: { class: 'operational', description: 'What was wrong with the demand as received' },
      document_sha256: { class: 'operational', description: 'SHA-256 of the scanned document' },
      created_at: { class: 'operational', description: 'When the desk recorded it' },
      state: { class: 'operational', description: 'Where the case stands (received, assessed, challenged, complied, withdrawn, …)' },
      valid: { class: 'operational', description: 'Whether the demand as received passed validation' },
      country: { class: 'operational', description: "The issuing authority's country (for the transparency report)" },
      targets: { class: 'operational', description: 'Handles the demand names, as written (lower case)' },
      requester_id: { class: 'operational', description: 'The agency account that submitted it through the portal, if any' },
      assessment: { class: 'operational', description: 'The automated first assessment' },
      decision: { class: 'operational', description: "The lawyer's decision and its written reason" },
      respond_by: { class: 'operational', description: 'When Publius must answer' },
      closed_at: { class: 'operational', description: 'When the case closed' },
      updated_at: { class: 'operational', description: 'When the case last changed' },
    },
  },
  legal_requesters: {
    purpose: 'Agency accounts issued by the admin for the requester portal. They describe government offices, not users.',
    retention: 'Until the admin removes the agency; kept while any of its cases is kept',
    columns: {
      id: id('agency account'),
      name: { class: 'operational', description: 'Name of the agency office' },
      authority: { class: 'operational', description: 'The authority it acts for' },
      country: { class: 'operational', description: "The agency's country" },
      token_hash: { class: 'secret', description: 'SHA-256 of the portal token; the token itself is never stored' },
      created_at: { class: 'operational', description: 'When the admin issued it' },
      disabled_at: { class: 'operational', description: 'When the admin disabled it' },
    },
  },
  legal_documents: {
    purpose: 'Scanned legal documents (the demand as served), kept as evidence with their SHA-256.',
    retention: 'As long as the case it belongs to',
    columns: {
      id: id('document'),
      case_id: ref('legal case'),
      filename: { class: 'operational', description: 'File name as uploaded' },
      media_type: { class: 'operational', description: 'File type' },
      size_bytes: { class: 'operational', description: 'File size' },
      sha256: { class: 'operational', description: 'SHA-256 of the file' },
      content: { class: 'operational', description: 'The file as served by the agency; names the target handles' },
      uploaded_at: { class: 'operational', description: 'When it was uploaded' },
    },
  },
  legal_deadlines: {
    purpose: "The desk's deadlines per case (respond, preservation expiry, notice due, order expiry) and their reminders.",
    retention: 'As long as the case it belongs to',
    columns: {
      id: id('deadline'),
      case_id: ref('legal case'),
      kind: { class: 'operational', description: 'Which deadline' },
      due_at: { class: 'operational', description: 'When it falls due' },
      reminded_at: { class: 'operational', description: 'When the desk was reminded' },
      done_at: { class: 'operational', description: 'When it was met or no longer applied' },
    },
  },
  legal_notices: {
    purpose: 'In-app legal notices telling an account holder that a demand concerns their account: scheduled, delivered, or withheld while a court order forbids it.',
    retention: 'Until the account is deleted; the case keeps only the fact that notice was given',
    owner: 'account_id',
    ownerSees: "state = 'delivered'",
    columns: {
      id: id('notice'),
      case_id: ref('legal case'),
      account_id: { class: 'private', description: 'The account the demand concerns', category: 'records.interactions' },
      state: { class: 'private', description: 'Scheduled, delivered, withheld or cancelled', category: 'records.interactions' },
      deliver_at: { class: 'private', description: 'When it will be delivered (when a non-disclosure order ends)', category: 'records.interactions' },
      delivered_at: { class: 'private', description: 'When it was delivered', category: 'records.interactions' },
      read_at: { class: 'private', description: 'When the account holder opened it', category: 'records.interactions' },
      body: { class: 'private', description: 'The notice: redacted demand, what was asked, the response date, where to find legal help', category: 'records.interactions' },
    },
  },
  legal_holds: {
    purpose: 'Preservation holds (18 U.S.C. § 2703(f), EU preservation orders): which account, since when, until when.',
    retention: '90 days, or 180 with the one renewal the law allows; the snapshot is purged when the hold ends',
    columns: {
      id: id('hold'),
      case_id: ref('legal case'),
      account_id: { class: 'operational', description: 'The account held (empty once the account is deleted)', category: 'subscriber.handle' },
      handle: { class: 'operational', description: 'Handle of the account held', category: 'subscriber.handle' },
      starts_at: { class: 'operational', description: 'When the hold began' },
      expires_at: { class: 'operational', description: 'When the hold ends' },
      renewals: { class: 'operational', description: 'How many times it was renewed (at most one)' },
      released_at: { class: 'operational', description: 'When the desk released it early' },
      purged_at: { class: 'operational', description: 'When its snapshot was purged' },
    },
  },
  legal_snapshots: {
    purpose: 'Immutable copies of the held records of an account under a preservation hold, so that deletion by the account holder cannot destroy what the law requires to be preserved.',
    retention: 'Until the hold expires or is released, then purged (the hash stays as proof of what was kept)',
    columns: {
      id: id('snapshot'),
      hold_id: ref('hold'),
      taken_at: { class: 'operational', description: 'When the snapshot was taken' },
      data: { class: 'private', description: 'The preserved records (every non-secret column of every table the account owns, and what others hold about it), with the SHA-256 of each media file copied beside the snapshot (data directory, legal-holds/), as held at that moment', category: ['subscriber.handle', 'subscriber.service', 'content.public', 'content.private', 'content.media', 'records.graph'] },
      sha256: { class: 'operational', description: 'SHA-256 of the snapshot' },
      purged_at: { class: 'operational', description: 'When the data was purged' },
    },
  },
  legal_removals: {
    purpose: 'The outcome of removal demands: which post, removed, withheld in which countries, or kept.',
    retention: 'As long as the case it belongs to',
    columns: {
      id: id('removal'),
      case_id: ref('legal case'),
      status_id: ref('post'),
      item: { class: 'operational', description: 'The post id or address the demand named' },
      outcome: { class: 'operational', description: 'remove, withhold_in_country or reject' },
      countries: { class: 'operational', description: 'Countries where the post is withheld' },
      decided_at: { class: 'operational', description: 'When the desk decided' },
    },
  },
  legal_events: {
    purpose: "The legal desk's append-only, hash-chained audit log: every change, comment and decision.",
    retention: 'As long as the case it belongs to',
    columns: {
      seq: { class: 'operational', description: 'Position in the chain' },
      case_id: ref('legal case'),
      type: { class: 'operational', description: 'What happened' },
      payload: { class: 'operational', description: 'Details of what happened' },
      actor: { class: 'operational', description: 'Which desk member acted' },
      at: { class: 'operational', description: 'When the desk acted (the desk\'s own acts, not a user\'s)' },
      prev_hash: { class: 'operational', description: 'Hash of the previous entry' },
      hash: { class: 'operational', description: 'Hash of this entry' },
    },
  },
  canary_statements: {
    purpose: 'Signed warrant-canary statements.',
    retention: 'Indefinitely (they are public)',
    columns: {
      id: id('statement'),
      statement: { class: 'public', description: 'The statement text' },
      issued_on: { class: 'public', description: 'Date issued' },
      expires_on: { class: 'public', description: 'Date by which it must be renewed' },
      signature: { class: 'public', description: 'Ed25519 signature' },
      public_key: { class: 'public', description: 'The instance public key that signed it' },
    },
  },
  moderation_reports: {
    purpose: 'Reports users file about an account or its posts, for moderators to review. The reported account is never shown who reported it; moderators see the reporter so they can notice abusive reporting.',
    retention: 'Until the reported account is deleted; the reporter is forgotten (set empty) when the reporting account is deleted',
    owner: 'reporter_id',
    columns: {
      id: id('report'),
      reporter_id: ref('reporting account', 'records.interactions'),
      target_account_id: { class: 'private', description: 'Which account was reported (seen by moderators and the reporter only)', category: 'records.interactions' },
      category: { class: 'private', description: 'spam, legal, violation (of a rule) or other', category: 'records.interactions' },
      comment: { class: 'private', description: "The reporter's explanation, seen by moderators", category: 'content.private' },
      rule_ids: { class: 'private', description: 'Which server rules the reporter says were broken', category: 'records.interactions' },
      state: { class: 'operational', description: 'open or resolved' },
      created_on: { class: 'private', description: 'The date (no time) the report was filed', category: 'records.interactions' },
      resolved_on: { class: 'operational', description: 'The date (no time) a moderator resolved it' },
    },
  },
  moderation_report_statuses: {
    purpose: 'Which posts a report points at; the link disappears with the post.',
    retention: 'As long as the report and the post both exist',
    columns: {
      report_id: ref('report'),
      status_id: { class: 'private', description: 'A reported post', category: 'records.interactions' },
    },
  },
  moderation_actions: {
    purpose: 'Every moderation action (post removed or marked sensitive, account silenced or suspended, and their undoing, report dismissed) with the reason the affected account is shown; counted in the transparency report.',
    retention: 'Until the affected account is deleted',
    owner: 'account_id',
    // A dismissed report is not an action against the account: it is not shown to them (nor that they were reported).
    ownerSees: "kind <> 'dismiss'",
    columns: {
      id: id('action'),
      account_id: ref('affected account', 'subscriber.service'),
      moderator_id: { class: 'operational', description: 'Which moderator acted (staff accountability)', hiddenFromOwner: 'names a moderator' },
      report_id: ref('report that led to the action'),
      kind: { class: 'private', description: 'What was done', category: 'subscriber.service' },
      status_id: { class: 'private', description: 'The post acted on, if any (kept after the post is removed)', category: 'subscriber.service' },
      status_created_on: { class: 'private', description: 'The date (no time) of that post, so its author can tell which it was', category: 'subscriber.service' },
      reason: { class: 'private', description: 'The reason the moderator gave, shown to the account holder', category: 'subscriber.service' },
      created_on: { class: 'private', description: 'The date (no time) of the action', category: 'subscriber.service' },
    },
  },
  moderation_appeals: {
    purpose: 'The one appeal an account holder may file against each moderation action, and its decision.',
    retention: 'Until the affected account is deleted',
    owner: 'account_id',
    columns: {
      id: id('appeal'),
      action_id: ref('moderation action'),
      account_id: ref('appealing account', 'subscriber.service'),
      text: { class: 'private', description: "The account holder's appeal text", category: 'content.private' },
      state: { class: 'private', description: 'pending, upheld or reversed', category: 'subscriber.service' },
      decision_reason: { class: 'private', description: 'Why the appeal was upheld or reversed, shown to the account holder', category: 'subscriber.service' },
      decided_by: { class: 'operational', description: 'Which moderator decided (staff accountability)', hiddenFromOwner: 'names a moderator' },
      filed_on: { class: 'private', description: 'The date (no time) the appeal was filed', category: 'subscriber.service' },
      decided_on: { class: 'operational', description: 'The date (no time) it was decided' },
    },
  },
  kysely_migration: {
    purpose: 'Which schema migrations have run.',
    retention: 'Indefinitely',
    columns: { name: { class: 'operational', description: 'Migration name' }, timestamp: { class: 'operational', description: 'When it ran' } },
  },
  kysely_migration_lock: {
    purpose: 'Stops two processes migrating at once.',
    retention: 'Indefinitely',
    columns: { id: { class: 'operational', description: 'Lock name' }, is_locked: { class: 'operational', description: 'Whether held' } },
  },
};

/**
 * Categories that no column of the schema holds: what Publius can truthfully say it never collected.
 * The legal desk reports these as `not_held`.
 */
export function categoriesNeverHeld(inventory: Record<string, TableEntry> = INVENTORY): LegalCategory[] {
  const held = new Set<LegalCategory>();
  for (const table of Object.values(inventory)) {
    for (const column of Object.values(table.columns)) for (const c of categoriesOf(column)) held.add(c);
  }
  return LEGAL_CATEGORIES.filter((c) => !held.has(c));
}

/** Columns, by table, that fall in a category: what a production for that category draws on. */
export function columnsInCategory(category: LegalCategory, inventory: Record<string, TableEntry> = INVENTORY): Array<{ table: string; column: string }> {
  const out: Array<{ table: string; column: string }> = [];
  for (const [table, entry] of Object.entries(inventory)) {
    for (const [column, c] of Object.entries(entry.columns)) if (categoriesOf(c).includes(category)) out.push({ table, column });
  }
  return out;
}

export function categoriesOf(column: ColumnEntry): LegalCategory[] {
  if (!column.category) return [];
  return Array.isArray(column.category) ? column.category : [column.category];
}
