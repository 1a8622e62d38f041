/**
 * An audit entry's details in words, Chinese first: keys named, fields and filters in the desk's field
 * words, a conflict's choice said plainly, people by name, changes as `before → after`.
 */
import { addMessages, t } from '../../i18n/index.js';
import { fieldLabel, showValue } from '../fields.js';

addMessages({
  'zh-CN': {
    'audit.key.choose': '处理方式', 'audit.key.conflict_id': '冲突编号', 'audit.key.field': '字段', 'audit.key.fields': '字段',
    'audit.key.filters': '筛选条件', 'audit.key.format': '格式', 'audit.key.rows': '行数', 'audit.key.count': '条数',
    'audit.key.dispute_id': '案件', 'audit.key.device_user': '设备使用人', 'audit.key.reason': '原因',
    'audit.key.sessions_ended': '结束的登录', 'audit.key.code': '编码', 'audit.key.level': '层级', 'audit.key.parent_id': '上级区域',
    'audit.key.username': '用户名', 'audit.key.role': '角色', 'audit.key.area_id': '区域', 'audit.key.window': '时间范围',
    'audit.key.date_from': '起始日期', 'audit.key.date_to': '截止日期',
    'audit.choose.server': '采用先到的修改', 'audit.choose.device': '采用后到的修改', 'audit.choose.value': '填写更正内容',
    'audit.choose.base': '恢复原内容',
  },
  en: {
    'audit.key.choose': 'Resolved by', 'audit.key.conflict_id': 'Conflict', 'audit.key.field': 'Field', 'audit.key.fields': 'Fields',
    'audit.key.filters': 'Filters', 'audit.key.format': 'Format', 'audit.key.rows': 'Rows', 'audit.key.count': 'Count',
    'audit.key.dispute_id': 'Case', 'audit.key.device_user': 'Device user', 'audit.key.reason': 'Reason',
    'audit.key.sessions_ended': 'Sessions ended', 'audit.key.code': 'Code', 'audit.key.level': 'Level', 'audit.key.parent_id': 'Parent area',
    'audit.key.username': 'Username', 'audit.key.role': 'Role', 'audit.key.area_id': 'Area', 'audit.key.window': 'Window',
    'audit.key.date_from': 'From', 'audit.key.date_to': 'To',
    'audit.choose.server': 'kept the first edit', 'audit.choose.device': 'kept the later edit', 'audit.choose.value': 'typed a corrected value',
    'audit.choose.base': 'restored the original',
  },
});

function keyWords(key) {
  const text = t(`audit.key.${key}`);
  return text === `audit.key.${key}` ? fieldLabel(key) : text;
}

function valueWords(key, value, people) {
  if (value === null || value === undefined || value === '') return '—';
  if (key === 'choose') return t(`audit.choose.${value}`) === `audit.choose.${value}` ? String(value) : t(`audit.choose.${value}`);
  if (key === 'device_user' || key === 'user_id') return people.get(value) ?? String(value);
  if (key === 'field') return fieldLabel(value);
  if (key === 'fields' && Array.isArray(value)) return value.map((name) => fieldLabel(name)).join('、');
  if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
    return `${valueWords(key, value.from, people)} → ${valueWords(key, value.to, people)}`;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = Object.entries(value).filter(([, v]) => v !== null && v !== '' && v !== undefined);
    return inner.length ? `（${inner.map(([k, v]) => `${keyWords(k)}：${valueWords(k, v, people)}`).join('，')}）` : '—';
  }
  return showValue(key, value);
}

/** @param {object} details @param {Map<number, string>} people user id → name */
export function detailWords(details, people = new Map()) {
  return Object.entries(details ?? {}).map(([key, value]) => `${keyWords(key)}：${valueWords(key, value, people)}`).join('；');
}
