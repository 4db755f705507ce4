import { describe, expect, test } from 'vitest'
import { countdownText, formatDueDate, formatPeriodKey, formatShortTime, weekday } from './remind'

describe('reminder formatting', () => {
  test('due dates read as the clerk writes them, with the weekday', () => {
    expect(formatDueDate('2025-10-09')).toBe('2025年10月9日（周四）')
    expect(formatDueDate('2024-10-08')).toBe('2024年10月8日（周二）')
    expect(weekday('2025-10-06')).toBe('周一')
  })
  test('countdown in working days matches the core', () => {
    expect(countdownText('2025-10-06', '2025-10-09', 3)).toBe('还剩3个工作日')
    expect(countdownText('2025-10-09', '2025-10-09', 0)).toBe('今天截止')
    expect(countdownText('2025-10-13', '2025-10-09', -2)).toBe('已逾期2个工作日')
    expect(countdownText('2025-10-11', '2025-10-09', 0)).toBe('已逾期')
  })
  test('times and periods', () => {
    expect(formatShortTime('2025-10-06T10:32:05')).toBe('10月6日 10:32')
    expect(formatShortTime('2025-10-06 09:05:00')).toBe('10月6日 09:05')
    expect(formatPeriodKey('2025-09')).toBe('2025年9月')
  })
})
