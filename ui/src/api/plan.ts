import { call } from './tauri'
import type { FullReportRule } from './remind-types'
import type { IsoDate, Overview, Plan, Section } from './types'

/** What `plan::update` takes: the plan's header and its whole reporting rule. */
export interface PlanInput {
  title: string
  doc_no: string
  issuer: string
  year: number | null
  start_date: IsoDate | null
  end_date: IsoDate | null
  report_rule: FullReportRule
  report_rule_text: string
}

export const isEmpty = () => call<boolean>('plan', 'is_empty')
export const listPlans = () => call<Plan[]>('plan', 'list')
export const getPlan = (id: number) => call<Plan>('plan', 'get', { id })
export const listSections = (planId: number) => call<Section[]>('plan', 'sections', { id: planId })
export const getOverview = (planId: number) => call<Overview>('plan', 'overview', { id: planId })
/** Saves the plan's title, 文号, dates and reporting rule with its window; resolves to the plan. */
export const updatePlan = (id: number, input: PlanInput) => call<Plan>('plan', 'update', { id, input })
/** Loads the fictional sample plan; resolves to its id. */
export const loadSample = () => call<number>('plan', 'load_sample')
