/**
 * Roles that work at the desk (supervisor, admin): online only. Their browser keeps no case data —
 * no pull, no snapshots — so no party's full phone or ID number is stored there (docs/sync.md).
 */
export const DESK_ROLES = Object.freeze(['supervisor', 'admin']);

/** @param {{role?: string}|null|undefined} user */
export function isDeskUser(user) {
  return DESK_ROLES.includes(user?.role);
}
