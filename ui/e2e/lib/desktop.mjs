// @ts-check
// The desktop around the window, which WebDriver cannot see: the notification daemon (dunst), the
// system tray (trayer) and the X windows, as scripts/e2e-session.sh starts them; and screenshots
// of the whole screen, popups and tray included.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT } from './app.mjs'

const X11 = join(ROOT, 'ui/e2e/desktop/x11.py')
/** The main window's title (tauri.conf.json). */
export const TITLE = '法治政府建设台账'

/** Fails unless the tests run on the desktop of scripts/e2e-session.sh. */
export function requireDesktop() {
  if (!process.env.TAIZHANG_E2E_DESKTOP || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('needs the e2e desktop (dunst, trayer, session D-Bus): run through scripts/e2e.sh')
  }
}

/**
 * Runs ui/e2e/desktop/x11.py; parses its JSON answer (null when it prints nothing).
 * @param {...(string|number)} args
 * @returns {any}
 */
export function x11(...args) {
  const out = execFileSync('/usr/bin/python3', [X11, ...args.map(String)], { encoding: 'utf8', timeout: 15_000 })
  return out.trim() ? JSON.parse(out) : null
}

/** The main window as X sees it: {id, pid, mapped, x, y, w, h}, or null. */
export const mainWindow = () => x11('window', TITLE)

/** The app's icon in the tray: {id, mapped, x, y, w, h}, or null. */
export const trayIcon = () => x11('tray', 'tray-icon')

/** Clicks the middle of the app's tray icon. */
export function clickTrayIcon() {
  const icon = trayIcon()
  if (!icon) throw new Error('no tray icon')
  x11('click', Math.round(icon.x + icon.w / 2), Math.round(icon.y + icon.h / 2), 1)
}

/** The app's open pop-up menus. @returns {Array<{x: number, y: number, w: number, h: number}>} */
export const popups = () => x11('popups', 'taizhang-desktop')

/** A PNG of the whole X screen (ImageMagick's import). @param {string} path */
export function screenshotScreen(path) {
  mkdirSync(dirname(path), { recursive: true })
  execFileSync('import', ['-window', 'root', path], { timeout: 30_000 })
}

/** @param {...string} args */
function dunstctl(...args) {
  return execFileSync('dunstctl', args, { encoding: 'utf8', timeout: 10_000 }).trim()
}

/** How many notifications dunst shows now. */
export const shownNotifications = () => Number(dunstctl('count', 'displayed'))

/** Closes every notification on screen; closed ones go to dunst's history. */
export const closeNotifications = () => void dunstctl('close-all')

/**
 * The notifications dunst has shown and closed, newest first.
 * @returns {Array<{id: number, appname: string, summary: string, body: string}>}
 */
export function notificationHistory() {
  const json = JSON.parse(dunstctl('history'))
  /** @type {Array<Record<string, {data: unknown}>>} */
  const entries = json.data?.[0] ?? []
  return entries.map((e) => ({
    id: Number(e.id?.data),
    appname: String(e.appname?.data ?? ''),
    summary: String(e.summary?.data ?? ''),
    body: String(e.body?.data ?? ''),
  }))
}

/** The highest notification id in the history so far (0 when none). */
export const lastNotificationId = () => Math.max(0, ...notificationHistory().map((n) => n.id))
