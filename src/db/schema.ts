import type { ColumnType, Generated, Selectable, Insertable, Updateable } from 'kysely';

/** bigint ids come back as strings (see database.ts); inserts may pass strings. */
type Id = string;
type GeneratedId = Generated<string>;
/** 'YYYY-MM-DD' */
type DateOnly = string;
type DefaultDate = ColumnType<string, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Tsvector = ColumnType<string, never, never>;

export interface AccountsTable {
  id: GeneratedId;
  handle: string;
  display_name: Generated<string>;
  bio: Generated<string>;
  avatar_media_id: Id | null;
  header_media_id: Id | null;
  locked: Generated<boolean>;
  discoverable: Generated<boolean>;
  bot: Generated<boolean>;
  role: Generated<'user' | 'moderator' | 'legal' | 'admin'>;
  passphrase_hash: string;
  created_on: DefaultDate;
  last_seen_on: DateOnly | null;
  suspended: Generated<boolean>;
  silenced: Generated<boolean>;
  followers_count: Generated<number>;
  following_count: Generated<number>;
  statuses_count: Generated<number>;
  last_status_on: DateOnly | null;
  search: Tsvector;
}

export interface RecoveryCodesTable {
  id: GeneratedId;
  account_id: Id;
  code_hash: string;
}

export interface InvitesTable {
  id: GeneratedId;
  code_hash: string;
  created_by: Id | null;
  created_on: DefaultDate;
  expires_on: DateOnly | null;
  used: Generated<boolean>;
}

export interface OauthAppsTable {
  id: GeneratedId;
  client_id: string;
  client_secret_hash: string;
  name: string;
  website: string | null;
  redirect_uris: string;
  scopes: string;
  created_on: DefaultDate;
}

export interface OauthCodesTable {
  code_hash: string;
  app_id: Id;
  account_id: Id;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: Timestamp;
}

export interface AccessTokensTable {
  id: GeneratedId;
  token_hash: string;
  refresh_hash: string | null;
  kind: 'web' | 'oauth';
  app_id: Id | null;
  account_id: Id | null;
  scopes: string;
  created_on: DefaultDate;
  last_used_on: DateOnly | null;
  expires_on: DateOnly;
}

export interface MediaTable {
  id: GeneratedId;
  account_id: Id;
  status_id: Id | null;
  file_key: string;
  content_type: string;
  kind: Generated<string>;
  width: number;
  height: number;
  size_bytes: number;
  description: Generated<string>;
  focus_x: Generated<number>;
  focus_y: Generated<number>;
  blurhash: string | null;
  /** Place among the post's attachments, as its author ordered them. */
  position: Generated<number>;
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface StatusesTable {
  id: GeneratedId;
  account_id: Id;
  in_reply_to_id: Id | null;
  in_reply_to_account_id: Id | null;
  reblog_of_id: Id | null;
  text: Generated<string>;
  content_html: Generated<string>;
  spoiler_text: Generated<string>;
  visibility: Visibility;
  sensitive: Generated<boolean>;
  language: string | null;
  created_at: Timestamp;
  edited_at: Date | null;
  replies_count: Generated<number>;
  reblogs_count: Generated<number>;
  favourites_count: Generated<number>;
  search: Tsvector;
}

export interface StatusEditsTable {
  id: GeneratedId;
  status_id: Id;
  text: string;
  content_html: string;
  spoiler_text: string;
  sensitive: boolean;
  media_ids: Generated<string>;
  created_at: Timestamp;
}

export interface StatusMentionsTable { status_id: Id; account_id: Id }
export interface TagsTable { id: GeneratedId; name: string }
export interface StatusTagsTable { status_id: Id; tag_id: Id }

export interface IdempotencyKeysTable {
  account_id: Id;
  key: string;
  status_id: Id;
  created_on: DefaultDate;
}

export interface FollowsTable {
  id: GeneratedId;
  follower_id: Id;
  followee_id: Id;
  show_reblogs: Generated<boolean>;
  notify: Generated<boolean>;
}

export interface FollowRequestsTable {
  id: GeneratedId;
  account_id: Id;
  target_account_id: Id;
  show_reblogs: Generated<boolean>;
  notify: Generated<boolean>;
}
export interface BlocksTable { id: GeneratedId; account_id: Id; target_account_id: Id }
export interface MutesTable {
  id: GeneratedId;
  account_id: Id;
  target_account_id: Id;
  hide_notifications: Generated<boolean>;
  expires_at: Date | null;
}
export interface FavouritesTable { id: GeneratedId; account_id: Id; status_id: Id }
export interface BookmarksTable { id: GeneratedId; account_id: Id; status_id: Id }

export type NotificationType =
  | 'mention' | 'status' | 'reblog' | 'follow' | 'follow_request' | 'favourite' | 'poll' | 'update'
  | 'admin.sign_up' | 'admin.report' | 'severed_relationships' | 'moderation_warning';

export interface NotificationsTable {
  id: GeneratedId;
  account_id: Id;
  from_account_id: Id;
  type: NotificationType;
  status_id: Id | null;
  created_at: Timestamp;
}

export interface InstanceSettingsTable { key: string; value: string }
export interface InstanceRulesTable { id: GeneratedId; text: string; hint: Generated<string>; position: Generated<number> }

/** Written by account deletion when legal holds were in force (src/privacy/legal-hold.ts). */
export interface PreservationNoticesTable {
  id: GeneratedId;
  hold_id: string;
  case_id: string | null;
  account_id: Id;
  handle: string;
  deleted_on: DefaultDate;
}

export interface LegalCasesTable {
  id: GeneratedId;
  reference: string;
  kind: string | null;
  process: string | null;
  received_at: Timestamp;
  /** The demand as received (parsed JSON, or {raw: text} when it could not be parsed). */
  document: ColumnType<unknown, string, string>;
  problems: ColumnType<string[], string | undefined, string>;
  document_sha256: string | null;
  created_at: Timestamp;
  state: Generated<string>;
  valid: Generated<boolean>;
  country: string | null;
  targets: ColumnType<string[], string[] | undefined, string[]>;
  requester_id: Id | null;
  assessment: ColumnType<unknown, string | null, string | null>;
  decision: ColumnType<unknown, string | null, string | null>;
  respond_by: ColumnType<Date | null, Date | string | null, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LegalRequestersTable {
  id: GeneratedId;
  name: string;
  authority: string;
  country: string;
  token_hash: string;
  created_at: Timestamp;
  disabled_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface LegalDocumentsTable {
  id: GeneratedId;
  case_id: Id;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_at: ColumnType<Date, Date | string, never>;
}

export interface LegalDeadlinesTable {
  id: GeneratedId;
  case_id: Id;
  kind: string;
  due_at: ColumnType<Date, Date | string, Date | string>;
  reminded_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  done_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface LegalNoticesTable {
  id: GeneratedId;
  case_id: Id;
  account_id: Id;
  state: 'scheduled' | 'delivered' | 'withheld' | 'cancelled';
  deliver_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  delivered_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  read_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  body: ColumnType<unknown, string, string>;
}

export interface LegalHoldsTable {
  id: GeneratedId;
  case_id: Id;
  account_id: Id | null;
  handle: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  renewals: Generated<number>;
  released_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  purged_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface LegalSnapshotsTable {
  id: GeneratedId;
  hold_id: Id;
  taken_at: ColumnType<Date, Date | string, Date | string>;
  data: ColumnType<unknown, string | null, string | null>;
  sha256: string;
  purged_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface LegalRemovalsTable {
  id: GeneratedId;
  case_id: Id;
  status_id: Id | null;
  item: string;
  outcome: 'remove' | 'withhold_in_country' | 'reject';
  countries: ColumnType<string[], string[] | undefined, string[]>;
  decided_at: ColumnType<Date, Date | string, Date | string>;
}

export interface LegalEventsTable {
  seq: number;
  case_id: Id | null;
  type: string;
  payload: ColumnType<unknown, string, never>;
  actor: string | null;
  at: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

export interface CanaryStatementsTable {
  id: GeneratedId;
  statement: string;
  issued_on: string;
  expires_on: string;
  signature: string;
  public_key: string;
}

/** Hourly samples of an account's public counters (insights); `at` is the start of the hour, in UTC. */
export interface AccountCountSamplesTable {
  account_id: Id;
  at: ColumnType<Date, Date | string, Date | string>;
  followers_count: number;
  following_count: number;
  statuses_count: number;
}

export type ReportCategory = 'spam' | 'legal' | 'violation' | 'other';
export type ModerationActionKind =
  | 'remove_post' | 'mark_sensitive' | 'unmark_sensitive' | 'silence' | 'unsilence' | 'suspend' | 'unsuspend' | 'dismiss';

export interface ModerationReportsTable {
  id: GeneratedId;
  reporter_id: Id | null;
  target_account_id: Id;
  category: ReportCategory;
  comment: Generated<string>;
  rule_ids: ColumnType<string[], string[] | undefined, string[]>;
  state: Generated<'open' | 'resolved'>;
  created_on: DateOnly;
  resolved_on: DateOnly | null;
}

export interface ModerationReportStatusesTable { report_id: Id; status_id: Id }

export interface ModerationActionsTable {
  id: GeneratedId;
  account_id: Id;
  moderator_id: Id | null;
  report_id: Id | null;
  kind: ModerationActionKind;
  /** No foreign key: a removed post is gone, but the record of its removal stays. */
  status_id: Id | null;
  status_created_on: DateOnly | null;
  reason: string;
  created_on: DateOnly;
}

export interface ModerationAppealsTable {
  id: GeneratedId;
  action_id: Id;
  account_id: Id;
  text: string;
  state: Generated<'pending' | 'upheld' | 'reversed'>;
  decision_reason: string | null;
  decided_by: Id | null;
  filed_on: DateOnly;
  decided_on: DateOnly | null;
}

export interface Database {
  accounts: AccountsTable;
  recovery_codes: RecoveryCodesTable;
  invites: InvitesTable;
  oauth_apps: OauthAppsTable;
  oauth_codes: OauthCodesTable;
  access_tokens: AccessTokensTable;
  media: MediaTable;
  statuses: StatusesTable;
  status_edits: StatusEditsTable;
  status_mentions: StatusMentionsTable;
  tags: TagsTable;
  status_tags: StatusTagsTable;
  idempotency_keys: IdempotencyKeysTable;
  follows: FollowsTable;
  follow_requests: FollowRequestsTable;
  blocks: BlocksTable;
  mutes: MutesTable;
  favourites: FavouritesTable;
  bookmarks: BookmarksTable;
  notifications: NotificationsTable;
  instance_settings: InstanceSettingsTable;
  instance_rules: InstanceRulesTable;
  legal_cases: LegalCasesTable;
  legal_events: LegalEventsTable;
  legal_requesters: LegalRequestersTable;
  legal_documents: LegalDocumentsTable;
  legal_deadlines: LegalDeadlinesTable;
  legal_notices: LegalNoticesTable;
  legal_holds: LegalHoldsTable;
  legal_snapshots: LegalSnapshotsTable;
  legal_removals: LegalRemovalsTable;
  canary_statements: CanaryStatementsTable;
  preservation_notices: PreservationNoticesTable;
  account_count_samples: AccountCountSamplesTable;
  moderation_reports: ModerationReportsTable;
  moderation_report_statuses: ModerationReportStatusesTable;
  moderation_actions: ModerationActionsTable;
  moderation_appeals: ModerationAppealsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Status = Selectable<StatusesTable>;
export type Media = Selectable<MediaTable>;
export type AccessToken = Selectable<AccessTokensTable>;
export type OauthApp = Selectable<OauthAppsTable>;
export type Notification = Selectable<NotificationsTable>;
