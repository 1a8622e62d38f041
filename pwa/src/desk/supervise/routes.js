/** Supervisor screens (review queue, conflicts, revisits, phones, statistics, downloads). */
export const superviseRoutes = [];
