// How the reminder board shows states, levels and countdowns (mirrors taizhang::remind).
import type { Level, UnitState } from '../api/remind-types'
import type { IsoDate } from '../api/types'
import { formatDate } from './format'

export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  reported: '已报',
  late: '迟报',
  waiting: '未报',
  due_soon: '未报',
  overdue: '逾期',
}

/** CSS class of a unit's state: green 已报, yellow 未报 and due soon, red 逾期, blue 迟报. */
export const UNIT_STATE_CLASS: Record<UnitState, string> = {
  reported: 'st-ok',
  late: 'st-late',
  waiting: 'st-wait',
  due_soon: 'st-soon',
  overdue: 'st-bad',
}

export const LEVEL_TAG: Record<Level, 'danger' | 'warning' | 'success'> = {
  red: 'danger',
  yellow: 'warning',
  green: 'success',
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** "2025-10-09" → "周四". */
export function weekday(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return ''
  return WEEKDAYS[new Date(y, m - 1, d).getDay()] ?? ''
}

/** "2025-10-09" → "2025年10月9日（周四）". */
export function formatDueDate(date: IsoDate): string {
  const w = weekday(date)
  return w ? `${formatDate(date)}（${w}）` : formatDate(date)
}

/** 今天截止 / 还剩3个工作日 / 已逾期2个工作日, as `taizhang::remind::countdown_text`. */
export function countdownText(today: IsoDate, due: IsoDate, workdaysLeft: number): string {
  if (today === due) return '今天截止'
  if (today > due) return workdaysLeft < 0 ? `已逾期${-workdaysLeft}个工作日` : '已逾期'
  return `还剩${workdaysLeft}个工作日`
}

/** "2025-10-06T10:32:05" or "2025-10-06 10:32:05" → "10月6日 10:32". */
export function formatShortTime(at: string | null | undefined): string {
  if (!at) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(at)
  if (!m) return at
  return `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}`
}

/** "2025-09" → "2025年9月". */
export function formatPeriodKey(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period)
  return m ? `${Number(m[1])}年${Number(m[2])}月` : period
}
