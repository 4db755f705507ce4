import { call } from './tauri'
import type { Unit, UnitInput } from './types'

export const listUnits = () => call<Unit[]>('unit', 'list')
export const addUnit = (input: UnitInput) => call<Unit>('unit', 'add', { input })
export const editUnit = (id: number, input: UnitInput) => call<Unit>('unit', 'edit', { id, input })
