/**
 * The dashboard's sections, built from GET /api/stats/summary: each a chart kind, its rows for the
 * chart, and the same figures as a table (`key` names a row: a code, a month or an id).
 */
import { label } from '../../domain/labels.js';
import { locale, t } from '../i18n.js';

const COUNTED = [
  ['by_category', 'bar'], ['by_month', 'line'], ['by_status', 'bar'], ['by_source', 'pie'], ['by_area', 'bar'],
  ['by_gender', 'pie'], ['by_age_band', 'pie'], ['by_occupation', 'bar'],
];

function rowName(name, row) {
  if (name === 'by_month') return row.month;
  if (name === 'by_area') return row.name;
  return (locale.value === 'en' ? row.en : row.zh) || row.code;
}

function rowKey(name, row) {
  if (name === 'by_month') return row.month;
  if (name === 'by_area') return String(row.id);
  return row.code;
}

function counted(summary, name, chart) {
  const rows = summary[name] ?? [];
  let title = t(`desk.stats.${name}`);
  if (name === 'by_area' && summary.by_area_level) title += `（${label('area_level', summary.by_area_level)}）`;
  return {
    name, chart, title,
    columns: [{ key: 'name', title: name === 'by_month' ? t(summary.by_month_unit === 'year' ? 'desk.stats.year' : 'desk.stats.month') : t('desk.col.name') }, { key: 'count', title: t('desk.col.count'), num: true }],
    rows: rows.map((row) => ({ key: rowKey(name, row), name: rowName(name, row), count: row.count })),
    chartRows: rows.map((row) => ({ name: rowName(name, row), value: row.count })),
  };
}

function workload(summary, name, nameOf) {
  const rows = summary[name] ?? [];
  return {
    name, chart: 'bar', title: t(`desk.stats.${name}`),
    columns: [{ key: 'name', title: t('desk.col.name') }, { key: 'open', title: t('desk.stats.open'), num: true },
      { key: 'total', title: t('desk.stats.in_range'), num: true }],
    rows: rows.map((row) => ({ key: String(row.id), name: nameOf(row), open: row.open, total: row.total })),
    chartRows: rows.map((row) => ({ name: nameOf(row), value: row.total })),
  };
}

function nilReports(summary) {
  const rows = summary.nil_reports_by_grid ?? [];
  return {
    name: 'nil_reports_by_grid', chart: null, title: t('desk.stats.nil_reports_by_grid'),
    columns: [{ key: 'name', title: t('desk.col.name') }, { key: 'visits', title: t('desk.stats.visits_col'), num: true },
      { key: 'nil_reports', title: t('desk.stats.nil_col'), num: true }],
    rows: rows.map((row) => ({ key: String(row.id), name: row.name, visits: row.visits, nil_reports: row.nil_reports })),
    chartRows: [],
  };
}

export function statsSections(summary) {
  return [
    ...COUNTED.map(([name, chart]) => counted(summary, name, chart)),
    workload(summary, 'workload_by_mediator', (row) => row.display_name),
    workload(summary, 'workload_by_committee', (row) => row.name),
    nilReports(summary),
  ];
}
