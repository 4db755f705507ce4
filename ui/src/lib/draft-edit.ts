// Edits of a plan draft in the import preview. Pure functions over the draft, so they are tested
// without a window; the unit list is rebuilt by the core (`planRematch`) after unit edits.
import type { DraftTask, PlanDraft } from '../api/imports'

/** Removes task `index`. */
export function deleteTask(draft: PlanDraft, index: number): void {
  draft.tasks.splice(index, 1)
}

function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((n) => !a.includes(n))]
}

/**
 * Merges task `index` into the task before it: its title and requirements are appended to the
 * previous task's requirements, its units and deadline added. Returns false for the first task.
 */
export function mergeIntoPrevious(draft: PlanDraft, index: number): boolean {
  if (index <= 0 || index >= draft.tasks.length) return false
  const prev = draft.tasks[index - 1]
  const cur = draft.tasks[index]
  const text = [cur.title, cur.requirements].filter((s) => s.trim()).join('')
  prev.requirements = [prev.requirements, text].filter((s) => s.trim()).join('\n')
  prev.lead = union(prev.lead, cur.lead)
  prev.co = union(prev.co, cur.co).filter((n) => !prev.lead.includes(n))
  prev.responsible = union(prev.responsible, cur.responsible)
  if (cur.deadline_text && !prev.deadline_text.includes(cur.deadline_text)) {
    prev.deadline_text = [prev.deadline_text, cur.deadline_text].filter(Boolean).join('；')
  }
  draft.tasks.splice(index, 1)
  return true
}

/** Renames a unit in every task of the draft (a misspelt name fixed once). */
export function renameUnit(draft: PlanDraft, from: string, to: string): void {
  const name = to.trim()
  if (!name || name === from) return
  const swap = (list: string[]) => {
    const out: string[] = []
    for (const n of list) {
      const m = n === from ? name : n
      if (!out.includes(m)) out.push(m)
    }
    return out
  }
  for (const t of draft.tasks) {
    t.lead = swap(t.lead)
    t.co = swap(t.co)
    t.responsible = swap(t.responsible)
  }
  for (const u of draft.units) if (u.name === from) u.name = name
}

/**
 * Replaces a group phrase (各乡镇) by real units in every task of the draft that names it, in
 * the phrase's role and place. A unit the task already names keeps its own role, as the core
 * keeps one role per unit.
 */
export function expandPhraseInDraft(draft: PlanDraft, phrase: string, names: string[]): number {
  let tasks = 0
  for (const t of draft.tasks) {
    const lists = [t.lead, t.co, t.responsible]
    if (!lists.some((l) => l.includes(phrase))) continue
    tasks += 1
    const onTask = new Set(lists.flat().filter((n) => n !== phrase))
    const swap = (list: string[]) =>
      list.flatMap((n) => {
        if (n !== phrase) return [n]
        const added = names.filter((m) => !onTask.has(m))
        added.forEach((m) => onTask.add(m))
        return added
      })
    t.lead = swap(t.lead)
    t.co = swap(t.co)
    t.responsible = swap(t.responsible)
  }
  return tasks
}

/** A row of the preview's task table: a section heading or a task (with its index). */
export type PreviewRow =
  | { kind: 'section'; key: string; label: string; level: number }
  | { kind: 'task'; key: string; index: number; task: DraftTask }

/**
 * Tasks under their section headings, in document order. A heading with no task (yet) shows
 * where the section list puts it: the commit writes it too.
 */
export function previewRows(draft: PlanDraft): PreviewRow[] {
  const rows: PreviewRow[] = []
  const shown = new Set<string>()
  const byKey = new Map(draft.sections.map((s) => [s.key, s]))
  const position = new Map(draft.sections.map((s, i) => [s.key, i]))
  let listed = 0
  const showOne = (key: string | null) => {
    if (key == null || shown.has(key)) return
    const s = byKey.get(key)
    if (!s) return
    showOne(s.parent)
    shown.add(key)
    const code = s.code ? (/^[（(]/.test(s.code) ? s.code : `${s.code}、`) : ''
    rows.push({ kind: 'section', key: `s-${key}`, label: `${code}${s.title}`, level: s.level })
  }
  /** Shows `key` after the headings listed before it that are not shown yet. */
  const showSection = (key: string | null) => {
    if (key == null || shown.has(key)) return
    const upTo = position.get(key) ?? -1
    for (; listed < upTo; listed++) showOne(draft.sections[listed].key)
    showOne(key)
  }
  draft.tasks.forEach((task, index) => {
    showSection(task.section)
    rows.push({ kind: 'task', key: `t-${index}`, index, task })
  })
  for (; listed < draft.sections.length; listed++) showOne(draft.sections[listed].key)
  return rows
}
