// 发文单位 (src/office.rs, plugin `office`): the 发文机关 under a 通报 and the 领导小组's name.
import { call } from './tauri'

/** What the clerk entered; null where the default (read from the plan) is used. */
export interface OfficeSettings {
  issuer: string | null
  group_name: string | null
}

/** The names as printed, each with its source (`default`: read from the plan). */
export interface Office {
  issuer: string
  issuer_source: 'set' | 'default'
  group_name: string
  group_name_source: 'set' | 'default'
}

export const getOffice = (planId: number | null = null) => call<Office>('office', 'get', { planId })
export const getOfficeSettings = () => call<OfficeSettings>('office', 'settings')
export const saveOfficeSettings = (settings: OfficeSettings) => call<OfficeSettings>('office', 'save', { settings })
