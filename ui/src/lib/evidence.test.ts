import { describe, expect, it } from 'vitest'
import { formatSize, monthOf, taskUnits } from './evidence'

describe('佐证材料', () => {
  it('offers the lead unit first and never a group phrase', () => {
    const units = taskUnits({
      lead_units: ['县直各有关部门', '县司法局'],
      responsible_units: ['县司法局'],
      co_units: ['县财政局'],
      group_phrases: [{ phrase: '县直各有关部门', role: 'lead' }],
    })
    expect(units).toEqual(['县司法局', '县财政局'])
  })
  it('writes sizes as the index workbook does', () => {
    expect(formatSize(812)).toBe('812 字节')
    expect(formatSize(36045)).toBe('35.2 KB')
    expect(formatSize(4.1 * 1024 * 1024)).toBe('4.1 MB')
    expect(monthOf('2025-10-08')).toBe('2025-10')
  })
})
