// 撤销 in the plan-import preview: the drafts before each edit, newest last. An edit made by the
// core (split, merge, bulk units…) is one step; typing in a cell or choosing in a select becomes
// a step when `checkpoint` sees the draft changed since the last one.
import { ref } from 'vue'
import type { PlanDraft } from '../api/imports'

/** Steps kept; older ones are dropped. */
const LIMIT = 100

export class DraftHistory {
  private past: string[] = []
  private stable: string
  /** Number of steps that can be undone (reactive, for the 撤销 button). */
  readonly steps = ref(0)

  constructor(draft: PlanDraft) {
    this.stable = JSON.stringify(draft)
  }

  /** Starts over with a new draft (another file read). */
  reset(draft: PlanDraft): void {
    this.past = []
    this.stable = JSON.stringify(draft)
    this.steps.value = 0
  }

  private push(state: string): void {
    this.past.push(state)
    if (this.past.length > LIMIT) this.past.shift()
    this.steps.value = this.past.length
  }

  /** Records changes made in place since the last step (typing, a select) as one step. */
  checkpoint(current: PlanDraft): void {
    const now = JSON.stringify(current)
    if (now === this.stable) return
    this.push(this.stable)
    this.stable = now
  }

  /** An edit replaced `before` by `after`: one step. */
  edited(before: PlanDraft, after: PlanDraft): void {
    this.checkpoint(before)
    this.push(this.stable)
    this.stable = JSON.stringify(after)
  }

  /** The draft was rebuilt without a change of the clerk's (units matched again). */
  adopt(draft: PlanDraft): void {
    this.stable = JSON.stringify(draft)
  }

  /** The draft before the last step, or null when there is none. */
  undo(current: PlanDraft): PlanDraft | null {
    if (JSON.stringify(current) !== this.stable) return JSON.parse(this.stable) as PlanDraft
    const previous = this.past.pop()
    this.steps.value = this.past.length
    if (previous === undefined) return null
    this.stable = previous
    return JSON.parse(previous) as PlanDraft
  }
}
