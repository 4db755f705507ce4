import { call } from './tauri'
import type { DesktopSettings, ReminderCounts, SentNotice, TrayText } from './remind-types'

export const getDesktopSettings = () => call<DesktopSettings>('desktop', 'settings')
export const saveDesktopSettings = (settings: DesktopSettings) =>
  call<DesktopSettings>('desktop', 'save_settings', { settings })
/** Sends the reminder notification now (also when nothing is due). */
export const notifyNow = () => call<SentNotice | null>('desktop', 'notify_now')
export const lastNotice = () => call<SentNotice | null>('desktop', 'last_notice')
export const reminderCounts = () => call<ReminderCounts | null>('desktop', 'counts')
/** The tray icon's tooltip and menu count line, as shown now. */
export const trayText = () => call<TrayText>('desktop', 'tray')
