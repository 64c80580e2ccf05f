import type { Db } from '../db/database.js';
import type { Account } from '../db/schema.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../clock.js';
import { addDays, isoDate } from '../clock.js';
import { fail, PubliusError } from '../errors.js';
import { hashToken, randomToken } from '../security/tokens.js';
import { AccountStore } from './accounts.store.js';
import { isValidHandle, normalizeHandle, RESERVED_HANDLES } from './handle.js';
import { dummyPassphraseHash, hashPassphrase, passphraseProblem, verifyPassphrase } from './passphrase.js';

export const RECOVERY_CODE_COUNT = 10;

export interface SignUpInput {
  handle: string;
  passphrase: string;
  inviteCode?: string | null;
  /** Admin creation from the CLI bypasses the sign-up mode. */
  role?: Account['role'];
  bypassSignupMode?: boolean;
}

export interface SignUpResult {
  account: Account;
  /** Shown once, never stored in clear. */
  recoveryCodes: string[];
}

export interface ProfileUpdate {
  display_name?: string;
  bio?: string;
  locked?: boolean;
  bot?: boolean;
  discoverable?: boolean;
  avatar_media_id?: string | null;
  header_media_id?: string | null;
}

/** Accounts without identity: a handle and a passphrase, nothing else. */
export class AccountService {
  readonly store: AccountStore;

  constructor(private readonly db: Db, private readonly config: Config, private readonly clock: Clock) {
    this.store = new AccountStore(db);
  }

  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const handle = input.handle.trim().replace(/^@/, '');
    if (!isValidHandle(handle)) fail('HANDLE_INVALID');
    if (RESERVED_HANDLES.has(handle.toLowerCase()) && !input.bypassSignupMode) fail('HANDLE_TAKEN');
    const problem = passphraseProblem(input.passphrase, handle);
    if (problem) fail('PASSPHRASE_WEAK', `Validation failed: ${problem}`, { passphrase: problem });

    const mode = input.bypassSignupMode ? 'open' : this.config.signupMode;
    if (mode === 'closed') fail('SIGNUP_CLOSED');
    if (mode === 'invite' && !input.inviteCode) fail('INVITE_INVALID', 'Validation failed: An invite code is required to sign up');

    const passphrase_hash = await hashPassphrase(input.passphrase);
    const codes = newRecoveryCodes();
    const codeHashes = codes.map(hashRecoveryCode);

    try {
      const account = await this.db.transaction().execute(async (trx) => {
        if (mode === 'invite') {
          const ok = await this.store.redeemInvite(hashToken(input.inviteCode!.trim()), isoDate(this.clock.now()), trx);
          if (!ok) fail('INVITE_INVALID');
        }
        if (await this.store.byHandle(handle, trx)) fail('HANDLE_TAKEN');
        const created = await this.store.insert({
          handle, passphrase_hash, role: input.role ?? 'user', created_on: isoDate(this.clock.now()),
        }, trx);
        await this.store.replaceRecoveryCodes(created.id, codeHashes, trx);
        return created;
      });
      return { account, recoveryCodes: codes };
    } catch (err) {
      // Two sign-ups racing for one handle: the unique index decides, and the loser gets the same clear error.
      if (!(err instanceof PubliusError) && /accounts_handle_lower|unique/i.test(String((err as Error).message))) fail('HANDLE_TAKEN');
      throw err;
    }
  }

  /**
   * Checks a handle and passphrase; the same error and similar timing whether or not the handle exists.
   * A suspended account is refused (ACCOUNT_SUSPENDED) even with the right passphrase: OAuth and the API use this.
   */
  async checkLogin(handle: string, passphrase: string): Promise<Account> {
    const account = await this.checkCredentials(handle, passphrase);
    if (account.suspended) fail('ACCOUNT_SUSPENDED');
    return account;
  }

  /**
   * The web log-in's check: like checkLogin, except that a suspended account with the right passphrase is
   * returned (its `suspended` flag set), so the web can give it a restricted session in which it reads why it
   * was suspended and appeals (see suspendedWebViewer). Nothing else may use this.
   */
  async checkWebLogin(handle: string, passphrase: string): Promise<Account> {
    return this.checkCredentials(handle, passphrase);
  }

  private async checkCredentials(handle: string, passphrase: string): Promise<Account> {
    const account = isValidHandle(normalizeHandle(handle)) ? await this.store.byHandle(normalizeHandle(handle)) : undefined;
    if (!account) {
      await verifyPassphrase(await dummyPassphraseHash(), passphrase);
      fail('LOGIN_FAILED');
    }
    if (!(await verifyPassphrase(account.passphrase_hash, passphrase))) fail('LOGIN_FAILED');
    return account;
  }

  /**
   * Changes the passphrase and ends every other session: whoever else knew the old passphrase is signed out.
   * `keepSessionId` is the session making the change, which stays signed in.
   */
  async changePassphrase(accountId: string, current: string, next: string, keepSessionId?: string): Promise<void> {
    const account = await this.store.byId(accountId);
    if (!account) fail('NOT_FOUND');
    if (!(await verifyPassphrase(account.passphrase_hash, current))) fail('LOGIN_FAILED', 'The current passphrase is wrong');
    await this.setPassphrase(account, next);
    let others = this.db.deleteFrom('access_tokens').where('account_id', '=', account.id);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    await others.execute();
  }

  /** Recovery without email: a one-time code replaces the passphrase and ends every other session. */
  async recover(handle: string, code: string, next: string): Promise<Account> {
    // A too-weak new passphrase is refused before the code is spent, not after.
    const problem = passphraseProblem(next, normalizeHandle(handle));
    if (problem) fail('PASSPHRASE_WEAK', `Validation failed: ${problem}`, { passphrase: problem });
    const account = await this.store.byHandle(normalizeHandle(handle));
    if (!account) fail('LOGIN_FAILED', 'Invalid handle or recovery code');
    const used = await this.store.useRecoveryCode(account.id, hashRecoveryCode(code));
    if (!used) fail('LOGIN_FAILED', 'Invalid handle or recovery code');
    await this.setPassphrase(account, next);
    await this.db.deleteFrom('access_tokens').where('account_id', '=', account.id).execute();
    return account;
  }

  /** Replaces all ten recovery codes (the old ones stop working); needs the passphrase, like any change of credentials. */
  async regenerateRecoveryCodes(accountId: string, passphrase: string): Promise<string[]> {
    const account = await this.store.byId(accountId);
    if (!account) fail('NOT_FOUND');
    if (!(await verifyPassphrase(account.passphrase_hash, passphrase))) fail('LOGIN_FAILED', 'The passphrase is wrong');
    const codes = newRecoveryCodes();
    await this.db.transaction().execute((trx) => this.store.replaceRecoveryCodes(accountId, codes.map(hashRecoveryCode), trx));
    return codes;
  }

  remainingRecoveryCodes(accountId: string): Promise<number> {
    return this.store.countRecoveryCodes(accountId);
  }

  /** Creates a single-use invite code; users may only when the operator allows it. */
  async createInvite(creator: Account | null, validDays = 7): Promise<string> {
    if (creator && creator.role !== 'admin' && !this.config.userInvites) fail('FORBIDDEN', 'Only admins can create invites on this server');
    const code = randomToken(12);
    await this.store.insertInvite(hashToken(code), creator?.id ?? null, isoDate(addDays(this.clock.now(), validDays)));
    return code;
  }

  async updateProfile(accountId: string, update: ProfileUpdate): Promise<Account> {
    const account = await this.store.update(accountId, update);
    if (!account) fail('NOT_FOUND');
    return account;
  }

  async setSuspended(handle: string, suspended: boolean): Promise<Account> {
    const account = await this.store.byHandle(normalizeHandle(handle));
    if (!account) fail('NOT_FOUND', `No account @${handle}`);
    const updated = (await this.store.update(account.id, { suspended }))!;
    if (suspended) await this.db.deleteFrom('access_tokens').where('account_id', '=', account.id).execute();
    return updated;
  }

  async setRole(handle: string, role: Account['role']): Promise<Account> {
    const account = await this.store.byHandle(normalizeHandle(handle));
    if (!account) fail('NOT_FOUND', `No account @${handle}`);
    return (await this.store.update(account.id, { role }))!;
  }

  byId(id: string): Promise<Account | undefined> {
    return this.store.byId(id);
  }

  byHandle(handle: string): Promise<Account | undefined> {
    return this.store.byHandle(normalizeHandle(handle));
  }

  private async setPassphrase(account: Account, next: string): Promise<void> {
    const problem = passphraseProblem(next, account.handle);
    if (problem) fail('PASSPHRASE_WEAK', `Validation failed: ${problem}`, { passphrase: problem });
    await this.store.update(account.id, { passphrase_hash: await hashPassphrase(next) });
  }
}

function newRecoveryCodes(): string[] {
  // 10 groups of 4+4 base32-ish characters: easy to copy onto paper, 80 bits each.
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomToken(10).replace(/[-_]/g, 'x').toLowerCase().slice(0, 12);
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
}

function hashRecoveryCode(code: string): string {
  return hashToken(code.trim().toLowerCase().replace(/\s+/g, ''));
}
