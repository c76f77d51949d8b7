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
}
