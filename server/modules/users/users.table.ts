import type { Generated } from 'kysely';

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  /** SHA-256 of the normalized code: the codes are random, so a fast hash is enough. */
  code_hash: string;
  created_at: Generated<Date>;
  used_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  workspace_id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the whole token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface UsersTables {
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
}
