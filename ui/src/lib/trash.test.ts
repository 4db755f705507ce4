import { describe, expect, it } from 'vitest'
import { formatDeletedAt, reportsCell } from './trash'

describe('formatDeletedAt', () => {
  it('writes the day in Chinese and keeps hours and minutes', () => {
    expect(formatDeletedAt('2025-10-08 14:03:21')).toBe('2025年10月8日 14:03')
    expect(formatDeletedAt('2026-01-01T09:05:00')).toBe('2026年1月1日 09:05')
  })
  it('shows a bare day as a Chinese date and leaves other text alone', () => {
    expect(formatDeletedAt('2025-10-08')).toBe('2025年10月8日')
    expect(formatDeletedAt('不详')).toBe('不详')
  })
})

describe('reportsCell', () => {
  it('counts reports and units, or says 无', () => {
    expect(reportsCell({ reports: 12, report_units: 3 })).toBe('12 份（3 个单位）')
    expect(reportsCell({ reports: 0, report_units: 0 })).toBe('无')
  })
})
