// Which plan the window shows. Loaded once at start and after the sample is loaded or a backup
// restored; pages read `planState.current`.
import { computed, reactive } from 'vue'
import { isEmpty, listPlans } from '../api/plan'
import type { Plan } from '../api/types'

const STORAGE_KEY = 'taizhang.currentPlanId'

export const planState = reactive({
  loaded: false,
  empty: false,
  plans: [] as Plan[],
  currentId: null as number | null,
  /** Bumped whenever data changed wholesale (sample loaded, backup restored): pages reload. */
  generation: 0,
})

export const currentPlan = computed<Plan | null>(
  () => planState.plans.find((p) => p.id === planState.currentId) ?? null,
)

export async function refreshPlans(): Promise<void> {
  planState.empty = await isEmpty()
  planState.plans = planState.empty ? [] : await listPlans()
  const saved = Number(localStorage.getItem(STORAGE_KEY))
  const keep = planState.plans.find((p) => p.id === planState.currentId || p.id === saved)
  planState.currentId = keep?.id ?? planState.plans[0]?.id ?? null
  planState.loaded = true
  planState.generation += 1
}

export function choosePlan(id: number): void {
  planState.currentId = id
  localStorage.setItem(STORAGE_KEY, String(id))
  planState.generation += 1
}
