import { call } from './tauri'
import { pickFiles } from './imports'
import type { CalendarImport, CalendarInfo } from './remind-types'

export const calendarInfo = () => call<CalendarInfo>('calendar', 'info')
export const importCalendar = (path: string) => call<CalendarImport>('calendar', 'import_file', { path })
/** Undoes the newest import; resolves to the import removed. */
export const undoCalendarImport = () => call<CalendarImport>('calendar', 'undo_import')

/**
 * Asks for a calendar file (the same file choice as 导入, so the end-to-end tests can answer it);
 * null when the clerk cancelled.
 */
export async function chooseCalendarFile(): Promise<string | null> {
  const [picked] = await pickFiles('calendar')
  return picked ?? null
}
