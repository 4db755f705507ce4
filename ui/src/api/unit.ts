import { call } from './tauri'
import type { GroupRepair, Unit, UnitInput } from './types'

export const listUnits = () => call<Unit[]>('unit', 'list')
export const addUnit = (input: UnitInput) => call<Unit>('unit', 'add', { input })
export const editUnit = (id: number, input: UnitInput) => call<Unit>('unit', 'edit', { id, input })
/** The units a group phrase stands for without a choice (各乡镇 → every 乡镇); empty otherwise. */
export const phraseMembers = (phrase: string) => call<string[]>('unit', 'phrase_members', { phrase })
/** Turns group phrases held as units back into task text; units with reports are kept. */
export const repairGroupUnits = () => call<GroupRepair>('unit', 'repair_groups')
