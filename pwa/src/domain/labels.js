/** Enum labels from the server's catalogue, in the current language; the code if unknown. */
import { locale } from '../i18n/index.js';
import { state } from '../app-state.js';

export function options(enumName) {
  return state.reference?.enums?.[enumName] ?? [];
}

export function label(enumName, code) {
  if (code === null || code === undefined || code === '') return '';
  const item = options(enumName).find((option) => option.code === code);
  if (!item) return code;
  return locale.value === 'en' ? item.en : item.zh;
}

export function areaName(areaId) {
  return state.reference?.areas?.find((area) => area.id === areaId)?.name ?? (areaId ? `#${areaId}` : '');
}

/** Grids a user may record in: their own area if it is a grid, else the grids below it. */
export function gridsFor(user) {
  const areas = state.reference?.areas ?? [];
  const own = areas.find((area) => area.id === user?.area_id);
  if (!own) return user?.area_id ? [{ id: user.area_id, name: `#${user.area_id}` }] : [];
  if (own.level === 'grid') return [own];
  const below = new Set([own.id]);
  const grids = [];
  for (const area of areas) {
    if (below.has(area.parent_id)) {
      below.add(area.id);
      if (area.level === 'grid') grids.push(area);
    }
  }
  return grids.length ? grids : [own];
}
