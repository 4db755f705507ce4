// Files dropped on a task (a row of 任务清单, or the open task drawer) are attached to it as 佐证材料
// instead of being imported. DropImport finds the task under the pointer and hands the files
// over here; 任务清单 takes them.
import { reactive } from 'vue'

export const evidenceDrop = reactive({
  /** The task of the open drawer, which takes files dropped anywhere on the drawer. */
  drawerTaskId: null as number | null,
  /** The task under the pointer while files are dragged (its row is highlighted). */
  overTaskId: null as number | null,
  /** The task the last files were dropped on, and those files. */
  taskId: null as number | null,
  paths: [] as string[],
  /** Bumped on every drop, so a second drop of the same files is noticed. */
  drops: 0,
})

/** The class a task row carries so that a drop can find its task. */
export function taskRowClass(taskId: number): string {
  return `task-row-${taskId}`
}

/**
 * The task at window point (`x`, `y`) in CSS pixels: the open drawer's task anywhere on the
 * drawer, else the task of the row there; `null` elsewhere.
 */
export function taskAt(x: number, y: number): number | null {
  const el = document.elementFromPoint(x, y)
  if (!el) return null
  if (evidenceDrop.drawerTaskId != null && el.closest('.task-drawer')) return evidenceDrop.drawerTaskId
  const row = el.closest('tr[class*="task-row-"]')
  const m = row ? /(?:^|\s)task-row-(\d+)(?:\s|$)/.exec(row.className) : null
  return m ? Number(m[1]) : null
}
