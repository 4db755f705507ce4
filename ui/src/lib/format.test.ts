import { describe, expect, it } from 'vitest'
import { addDays, formatDate, formatPeriod, formatShortPeriod, toIsoDate } from './format'

describe('formatDate', () => {
  it('writes Chinese dates without zero padding', () => {
    expect(formatDate('2025-06-30')).toBe('2025年6月30日')
    expect(formatDate('2025-03-01')).toBe('2025年3月1日')
  })
  it('is empty for a missing date and leaves other text alone', () => {
    expect(formatDate(null)).toBe('')
    expect(formatDate(undefined)).toBe('')
    expect(formatDate('长期坚持')).toBe('长期坚持')
  })
})

describe('formatPeriod', () => {
  it('joins both ends with 至', () => {
    expect(formatPeriod('2025-03-01', '2025-12-31')).toBe('2025年3月1日至2025年12月31日')
  })
  it('says 起 or 至 when one end is open', () => {
    expect(formatPeriod('2025-03-01', null)).toBe('2025年3月1日起')
    expect(formatPeriod(null, '2025-12-31')).toBe('至2025年12月31日')
    expect(formatPeriod(null, null)).toBe('')
  })
})

describe('toIsoDate', () => {
  it('uses local time and pads for the core', () => {
    expect(toIsoDate(new Date(2025, 0, 5))).toBe('2025-01-05')
    expect(toIsoDate(addDays(new Date(2025, 11, 31), 1))).toBe('2026-01-01')
  })
})

describe('formatShortPeriod', () => {
  it('drops the repeated year', () => {
    expect(formatShortPeriod('2025-03-01', '2025-03-31')).toBe('2025年3月1日至3月31日')
    expect(formatShortPeriod('2025-12-01', '2026-01-31')).toBe('2025年12月1日至2026年1月31日')
  })
})
