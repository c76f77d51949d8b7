/** Row of `users`; `roles` is a JSON array of role names. */
export interface UsersTable {
  id: string;
  agency_id: string;
  username: string;
  display_name: string;
  roles: string;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** argon2id hash, or null for an account that cannot sign in with a password. */
  password_hash: string | null;
  failed_logins: number;
  locked_until: string | null;
  must_change_password: number;
}
