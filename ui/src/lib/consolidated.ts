// 汇总查看: the filter of the consolidated view of a period (applied in the core, a page at a
// time), and its tasks grouped by the plan's sections for display.
import type { Change, ConsolidatedTask, HistoryEntry } from '../api/ledger-import'
import type { PeriodKey } from '../api/remind-types'
import { formatDate } from './format'

export const CHANGE_LABELS: Record<Change, string> = {
  new: '新增',
  changed: '有变化',
  unchanged: '与上期相同（复制上期）',
  missing: '本期未报',
}

export const CHANGE_TAG: Record<Change, 'success' | 'primary' | 'warning' | 'info'> = {
  new: 'success',
  changed: 'primary',
  unchanged: 'warning',
  missing: 'info',
}

export interface ConsolidatedFilter {
  /** Only this unit's reports. */
  unitId: number | null
  /** Only reports of this kind. */
  change: Change | null
  /** Only reports that say something new (新增 or 有变化). */
  onlyChanged: boolean
  /** Only reports marked 照抄 (只看照抄). */
  onlyCopied: boolean
}

export const NO_FILTER: ConsolidatedFilter = { unitId: null, change: null, onlyChanged: false, onlyCopied: false }

export function isFiltered(f: ConsolidatedFilter): boolean {
  return f.unitId != null || f.change != null || f.onlyChanged || f.onlyCopied
}

export interface SectionGroup {
  section: string
  tasks: ConsolidatedTask[]
}

/** Consecutive tasks of the same section together, in plan order. */
export function groupBySection(tasks: ConsolidatedTask[]): SectionGroup[] {
  const out: SectionGroup[] = []
  for (const t of tasks) {
    const last = out[out.length - 1]
    if (last && last.section === t.section) last.tasks.push(t)
    else out.push({ section: t.section, tasks: [t] })
  }
  return out
}


/** "2025-10-06 10:32:05" → "2025年10月6日 10:32". */
export function formatReceived(at: string | null | undefined): string {
  if (!at) return ''
  const time = /[T ](\d{2}:\d{2})/.exec(at)
  return time ? `${formatDate(at)} ${time[1]}` : formatDate(at)
}

export interface HistoryPeriod {
  period: PeriodKey
  entries: HistoryEntry[]
}

/**
 * A task's reports by period, newest period first; within a period in the units' order, each
 * unit's current report before the ones it replaced (newest first).
 */
export function historyByPeriod(entries: HistoryEntry[]): HistoryPeriod[] {
  const byPeriod = new Map<PeriodKey, HistoryEntry[]>()
  for (const e of entries) byPeriod.set(e.period, [...(byPeriod.get(e.period) ?? []), e])
  return [...byPeriod.keys()]
    .sort()
    .reverse()
    .map((period) => {
      const list = byPeriod.get(period) ?? []
      const unitOrder = new Map<number, number>()
      for (const e of list) if (!unitOrder.has(e.unit_id)) unitOrder.set(e.unit_id, unitOrder.size)
      const rank = (e: HistoryEntry) => unitOrder.get(e.unit_id) ?? 0
      return {
        period,
        entries: [...list].sort(
          (a, b) => rank(a) - rank(b) || Number(a.replaced) - Number(b.replaced) || b.submission_id - a.submission_id,
        ),
      }
    })
}
