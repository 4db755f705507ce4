// 佐证材料 in the window: the unit and period a new attachment defaults to, and how a size reads.
import type { Task } from '../api/types'

/** The task's real units (group phrases left out), lead units first, each once. */
export function taskUnits(task: Pick<Task, 'lead_units' | 'responsible_units' | 'co_units' | 'group_phrases'>): string[] {
  const phrases = new Set(task.group_phrases.map((p) => p.phrase))
  const out: string[] = []
  for (const n of [...task.lead_units, ...task.responsible_units, ...task.co_units]) {
    if (!phrases.has(n) && !out.includes(n)) out.push(n)
  }
  return out
}

/** "2025-10-08" → "2025-10": the month of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7)
}

/** 812 字节, 35.2 KB, 4.1 MB — as the core's `size_cn` writes it in the index. */
export function formatSize(bytes: number): string {
  const kb = 1024
  if (bytes < kb) return `${bytes} 字节`
  if (bytes < kb * kb) return `${(bytes / kb).toFixed(1)} KB`
  if (bytes < kb * kb * kb) return `${(bytes / kb / kb).toFixed(1)} MB`
  return `${(bytes / kb / kb / kb).toFixed(1)} GB`
}
