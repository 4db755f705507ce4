import { open } from '@tauri-apps/plugin-dialog'
import { call, toAppError } from './tauri'
import type { CalendarImport, CalendarInfo } from './remind-types'

export const calendarInfo = () => call<CalendarInfo>('calendar', 'info')
export const importCalendar = (path: string) => call<CalendarImport>('calendar', 'import_file', { path })
/** Undoes the newest import; resolves to the import removed. */
export const undoCalendarImport = () => call<CalendarImport>('calendar', 'undo_import')

/** Asks for a calendar file; null when the clerk cancelled. */
export async function chooseCalendarFile(): Promise<string | null> {
  try {
    const picked = await open({
      title: '选择工作日日历文件',
      multiple: false,
      directory: false,
      filters: [{ name: '工作日日历（JSON）', extensions: ['json'] }],
    })
    return typeof picked === 'string' ? picked : null
  } catch (error) {
    throw toAppError(error)
  }
}
