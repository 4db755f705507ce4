// 回收站: how a deletion time and a deleted task's reports are shown.
import { formatDate } from './format'
import type { DeletedTask } from '../api/types'

/** "2025-10-08 14:03:21" → "2025年10月8日 14:03"; other text unchanged. */
export function formatDeletedAt(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(at)
  if (!m) return formatDate(at)
  return `${formatDate(m[1])} ${m[2]}`
}

/** "12 份（3 个单位）", or "无" for a task without reports. */
export function reportsCell(t: Pick<DeletedTask, 'reports' | 'report_units'>): string {
  return t.reports > 0 ? `${t.reports} 份（${t.report_units} 个单位）` : '无'
}
