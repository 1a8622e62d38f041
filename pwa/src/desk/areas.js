/** The areas a desk user may filter by: her own area and everything under it, in tree order. */
import { state } from '../app-state.js';

const INDENT = { district: 0, street: 1, community: 2, grid: 3 };

/** @returns {{id: number, name: string, level: string, depth: number}[]} */
export function areasInScope(user = state.user) {
  const areas = state.reference?.areas ?? [];
  const children = new Map();
  for (const area of areas) {
    if (!children.has(area.parent_id)) children.set(area.parent_id, []);
    children.get(area.parent_id).push(area);
  }
  const roots = user?.role === 'admin' ? (children.get(null) ?? []) : areas.filter((a) => a.id === user?.area_id);
  const out = [];
  const walk = (area) => {
    out.push({ ...area, depth: INDENT[area.level] ?? 0 });
    for (const child of children.get(area.id) ?? []) walk(child);
  };
  roots.forEach(walk);
  return out;
}
