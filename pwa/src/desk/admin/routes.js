/** Admin screens (users and mediator profiles, areas and committees, audit log); admin role only. */
export const adminRoutes = [];
