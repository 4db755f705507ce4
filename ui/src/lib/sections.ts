// Sections of a plan: the tree of the 任务清单's left panel, and the lines of the printed 重点任务清单.
import type { Section, Task } from '../api/types'
import { formatDate } from './format'

/**
 * A section's heading as printed: 二、重点任务, (一)强化法治思维 — the 、 after a bare numeral is not
 * kept in the stored code (the core's `task::section_label` does the same).
 */
export function sectionLabel(code: string, title: string): string {
  const c = code.trim()
  let sep = ''
  if (c && title) {
    if ([...c].every((ch) => '一二三四五六七八九十百〇零两'.includes(ch))) sep = '、'
    else if (/^[0-9]+$/.test(c)) sep = '.'
  }
  return `${c}${sep}${title}`
}

export interface SectionNode {
  id: number
  label: string
  children: SectionNode[]
}

/** Builds the tree from the flat list (parents before or after children, any order of `seq`). */
export function sectionTree(sections: Section[]): SectionNode[] {
  const sorted = [...sections].sort((a, b) => a.seq - b.seq || a.id - b.id)
  const nodes = new Map<number, SectionNode>()
  for (const s of sorted) nodes.set(s.id, { id: s.id, label: sectionLabel(s.code, s.title), children: [] })
  const roots: SectionNode[] = []
  for (const s of sorted) {
    const node = nodes.get(s.id)
    if (!node) continue
    const parent = s.parent_id != null ? nodes.get(s.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** A line of the printed 重点任务清单: a section heading, or a task under it. */
export type TaskListLine =
  | { kind: 'section'; id: number; label: string; level: number }
  | { kind: 'task'; task: Task; seq: string; lead: string; co: string; deadline: string }

/**
 * The 重点任务清单 as printed and exported (ledger/lists.rs): tasks in plan order, each preceded
 * by those of its sections (outermost first) that have not been printed yet; 序号 is the task's
 * code or its place in the list; 牵头单位 lists the lead units, then the units answering alone.
 */
export function taskListLines(tasks: Task[], sections: Section[]): TaskListLine[] {
  const byId = new Map(sections.map((s) => [s.id, s]))
  const printed = new Set<number>()
  const lines: TaskListLine[] = []
  tasks.forEach((task, i) => {
    const chain: Section[] = []
    for (let id = task.section_id; id != null && !printed.has(id) && chain.length <= 16; ) {
      const s = byId.get(id)
      if (!s) break
      chain.push(s)
      id = s.parent_id
    }
    for (const s of chain.reverse()) {
      printed.add(s.id)
      lines.push({ kind: 'section', id: s.id, label: sectionLabel(s.code, s.title), level: s.level })
    }
    lines.push({
      kind: 'task',
      task,
      seq: task.code || String(i + 1),
      lead: [...task.lead_units, ...task.responsible_units].join('、'),
      co: task.co_units.join('、'),
      deadline: task.deadline_text || formatDate(task.deadline),
    })
  })
  return lines
}
