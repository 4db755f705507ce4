import { call } from './tauri'
import type { Plan } from './types'
import type { Board, ChaseList, ChaseRecord, FullReportRule, PeriodKey, RemindSettings } from './remind-types'

/** The date reminders are computed for ("YYYY-MM-DD"; TAIZHANG_TODAY in the tests). */
export const remindToday = () => call<string>('remind', 'today')
export const getBoard = (planId: number) => call<Board>('remind', 'board', { planId })
/** The next report due today or later (the board's `current` period), without reading reports. */
export const currentPeriod = (planId: number) => call<PeriodKey | null>('remind', 'current_period', { planId })
/** Units that have not reported for `period`, each with its 催报 message; or only `unitId`. */
export const getChaseList = (planId: number, period: PeriodKey, unitId: number | null = null) =>
  call<ChaseList>('remind', 'chase_list', { planId, period, unitId })
export const markChased = (planId: number, unitId: number, period: PeriodKey, message: string) =>
  call<ChaseRecord>('remind', 'mark_chased', { planId, unitId, period, message })
export const getRemindSettings = () => call<RemindSettings>('remind', 'settings')
export const saveRemindSettings = (settings: RemindSettings) =>
  call<RemindSettings>('remind', 'save_settings', { settings })
/** Resolves to the normalised template, or rejects with the Chinese reason. */
export const checkTemplate = (text: string) => call<string>('remind', 'check_template', { text })
export const setReportRule = (planId: number, rule: FullReportRule) =>
  call<Plan>('remind', 'set_report_rule', { planId, rule })
/** The clerk is done with `period` on the board (转到下一期); `null` undoes it. */
export const moveOn = (planId: number, period: PeriodKey | null) =>
  call<PeriodKey | null>('remind', 'move_on', { planId, period })
export const copyText = (text: string) => call<null>('remind', 'copy_text', { text })
