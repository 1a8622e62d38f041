/** How the desk writes times, days, numbers and people. */
import { state } from '../app-state.js';
import { localDay, localTime } from '../domain/dates.js';
import { t } from './i18n.js';

/** An ISO timestamp as local `YYYY-MM-DD HH:mm` (empty for none). */
export function when(value) {
  return value ? localTime(value) : '';
}

/** A local calendar day as `YYYY-MM-DD`. */
export const isoDay = localDay;

export function addDays(day, days) {
  const date = new Date(`${day}T12:00:00`);
  date.setDate(date.getDate() + days);
  return isoDay(date);
}

export function percent(rate) {
  return rate === null || rate === undefined ? t('desk.stats.none') : `${(rate * 100).toFixed(1)}%`;
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return t('desk.stats.none');
  return Number(value).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A device as history and conflicts label it (app/services/device_labels.py): 本机, 设备 N. */
export function deviceName(device) {
  if (!device) return '?';
  if (device.own) return t('desk.device.own');
  return device.number ? t('desk.device.n', { n: device.number }) : t('desk.device.other');
}

/** A phone's device id, shortened the way the phone app shows it. */
export function shortDevice(id) {
  return id ? String(id).slice(-6) : '?';
}

export function mediatorName(id) {
  if (id === null || id === undefined) return '';
  return state.reference?.mediators?.find((m) => m.id === id)?.display_name ?? t('desk.someone', { id });
}

export function committeeName(id) {
  if (id === null || id === undefined) return '';
  return state.reference?.committees?.find((c) => c.id === id)?.name ?? `#${id}`;
}

/** A person from a conflict or history entry (`{id, display_name}`), or someone unnamed. */
export function personName(person) {
  if (!person) return '?';
  return person.display_name || t('desk.someone', { id: person.id });
}

