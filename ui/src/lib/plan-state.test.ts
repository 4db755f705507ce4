import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { planState, currentPlan, refreshPlans, choosePlan } = await import('./plan-state')

const plan = (id: number) => ({ id, title: `方案${id}` })

beforeEach(() => {
  invoke.mockReset()
  localStorage.clear()
  planState.currentId = null
})

describe('refreshPlans', () => {
  it('marks an empty database so the first-run dialog opens', async () => {
    invoke.mockImplementation((cmd: string) => Promise.resolve(cmd === 'plugin:plan|is_empty' ? true : []))
    await refreshPlans()
    expect(planState.empty).toBe(true)
    expect(planState.currentId).toBeNull()
    expect(invoke).not.toHaveBeenCalledWith('plugin:plan|list', undefined)
  })

  it('keeps the plan the clerk chose, across a reload', async () => {
    invoke.mockImplementation((cmd: string) =>
      Promise.resolve(cmd === 'plugin:plan|is_empty' ? false : [plan(1), plan(2)]),
    )
    await refreshPlans()
    expect(planState.currentId).toBe(1)
    choosePlan(2)
    planState.currentId = null
    await refreshPlans()
    expect(currentPlan.value?.title).toBe('方案2')
  })
})
