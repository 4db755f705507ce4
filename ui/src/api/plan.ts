import { call } from './tauri'
import type { Overview, Plan, Section } from './types'

export const isEmpty = () => call<boolean>('plan', 'is_empty')
export const listPlans = () => call<Plan[]>('plan', 'list')
export const getPlan = (id: number) => call<Plan>('plan', 'get', { id })
export const listSections = (planId: number) => call<Section[]>('plan', 'sections', { id: planId })
export const getOverview = (planId: number) => call<Overview>('plan', 'overview', { id: planId })
/** Loads the fictional sample plan; resolves to its id. */
export const loadSample = () => call<number>('plan', 'load_sample')
