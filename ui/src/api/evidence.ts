// 佐证材料: files attached to a task for a unit and period (src-tauri/src/commands/evidence.rs),
// and 导出佐证材料, the 督察 binder.
import { Channel } from '@tauri-apps/api/core'
import { call } from './tauri'
import type { IsoDate } from './types'
import type { ExportProgress, PeriodKey } from './remind-types'

/** One attached file (`taizhang::evidence::Evidence`). */
export interface Evidence {
  id: number
  task_id: number
  plan_id: number
  section: string
  section_title: string
  task_code: string
  task_title: string
  unit_id: number
  unit: string
  period: PeriodKey
  /** The file's name as attached. */
  file_name: string
  hash: string
  size: number
  added_on: IsoDate
  /** When it went to the 回收站, for removed ones. */
  deleted_at?: string
}

/** What adding files did: newly attached, and those already attached (same content). */
export interface Added {
  attached: Evidence[]
  already: Evidence[]
}

export interface TaskCount {
  task_id: number
  count: number
}

/** The zip written by 导出佐证材料. */
export interface Binder {
  path: string
  /** The file of the name asked for, kept (`path` then has another name). */
  kept_existing: string | null
  files: { path: string; evidence_id: number }[]
}

export const listEvidence = (taskId: number) => call<Evidence[]>('evidence', 'list', { taskId })
/** How many attachments each task of the plan has (tasks without any are left out). */
export const evidenceCounts = (planId: number) => call<TaskCount[]>('evidence', 'counts', { planId })
/** The open dialog (several files, any type); empty when cancelled. */
export const pickEvidence = () => call<string[]>('evidence', 'pick')
export const addEvidence = (taskId: number, unit: string, period: PeriodKey, files: string[]) =>
  call<Added>('evidence', 'add', { taskId, unit, period, files })
/** Opens the file with the program the system uses for its type. */
export const openEvidence = (id: number) => call<string>('evidence', 'open', { id })
/** To the 回收站; `restoreEvidence` undoes it. */
export const removeEvidence = (id: number) => call<Evidence>('evidence', 'remove', { id })
export const restoreEvidence = (id: number) => call<Evidence>('evidence', 'restore', { id })

/** Writes the plan's binder of `from`..`to` to `out` (never over an existing file). */
export function exportEvidence(
  planId: number,
  from: PeriodKey,
  to: PeriodKey,
  out: string,
  onProgress: (p: ExportProgress) => void,
): Promise<Binder> {
  const channel = new Channel<ExportProgress>()
  channel.onmessage = onProgress
  return call<Binder>('evidence', 'export', { planId, from, to, out, onProgress: channel })
}
