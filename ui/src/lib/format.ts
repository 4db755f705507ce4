// How dates, statuses and kinds are shown to the clerk.
import type { DeadlineKind, IsoDate, StatusSource, TaskStatus, UnitKind } from '../api/types'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/

/** "2025-06-30" → "2025年6月30日" (no zero padding); empty for null; other text unchanged. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return ''
  const m = ISO_DATE.exec(date)
  if (!m) return date
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

/** "2025-10-03" → "10月3日"; empty for null. */
export function formatMonthDay(date: IsoDate | null | undefined): string {
  if (!date) return ''
  const m = ISO_DATE.exec(date)
  return m ? `${Number(m[2])}月${Number(m[3])}日` : date
}

/** "2025-03-01", "2025-12-31" → "2025年3月1日至2025年12月31日". */
export function formatPeriod(from: IsoDate | null | undefined, to: IsoDate | null | undefined): string {
  if (from && to) return `${formatDate(from)}至${formatDate(to)}`
  if (from) return `${formatDate(from)}起`
  if (to) return `至${formatDate(to)}`
  return ''
}

/** Like formatPeriod, but the end drops the year when it is the same: "2025年3月1日至3月31日". */
export function formatShortPeriod(from: IsoDate | null | undefined, to: IsoDate | null | undefined): string {
  const a = from ? ISO_DATE.exec(from) : null
  const b = to ? ISO_DATE.exec(to) : null
  if (a && b && a[1] === b[1]) return `${formatDate(from)}至${Number(b[2])}月${Number(b[3])}日`
  return formatPeriod(from, to)
}

/** A Date as "YYYY-MM-DD" in local time (what the core expects). */
export function toIsoDate(date: Date): IsoDate {
  const y = date.getFullYear()
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date.getTime())
  copy.setDate(copy.getDate() + days)
  return copy
}

export const STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  done: '已完成',
  ongoing: '长期坚持',
}

export const STATUS_TAG: Record<TaskStatus, 'info' | 'primary' | 'success' | 'warning'> = {
  not_started: 'info',
  in_progress: 'primary',
  done: 'success',
  ongoing: 'warning',
}

/** Where a task's status comes from, as the clerk reads it. */
export const STATUS_SOURCE_LABELS: Record<StatusSource, string> = {
  report: '按台账',
  manual: '手工设定',
  entered: '录入',
}

export const STATUS_ORDER: TaskStatus[] = ['not_started', 'in_progress', 'ongoing', 'done']

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  date: '明确日期',
  recurring: '定期',
  ongoing: '长期坚持',
  none: '未定时限',
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  department: '县直部门',
  township: '乡镇',
  group: '工作组',
}

/** Roles of the 领导小组 in their usual order. */
export const ROLES = ['组长', '常务副组长', '副组长', '成员', '办公室主任', '办公室副主任'] as const

/** The window's sans-serif Chinese font stack (Windows first, Linux last), for charts. */
export const APP_FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif"
