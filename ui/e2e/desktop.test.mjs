// @ts-check
// End-to-end tests of what the app does outside its window (#7): the system notification at
// start and once a day at the set time, and the tray icon — its count, closing the window to the
// tray, bringing it back from the tray menu or by starting the app again, 退出. They run on the
// little desktop of
// scripts/e2e-session.sh: dunst receives the notifications over the session D-Bus (read back with
// `dunstctl history`), trayer hosts the tray icon, and ui/e2e/desktop/x11.py clicks and closes
// like a person would. Screenshots of the whole screen go to test-output/e2e/desktop-*.png.
// Sample plan on 2025-10-06 (TAIZHANG_TODAY), as in remind.test.mjs.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APP, SHOTS, cli, launch, nav, running as alive, tempDb } from './lib/app.mjs'
import {
  clickTrayIcon,
  closeNotifications,
  lastNotificationId,
  mainWindow,
  notificationHistory,
  popups,
  requireDesktop,
  screenshotScreen,
  shownNotifications,
  trayIcon,
  x11,
  TITLE,
} from './lib/desktop.mjs'
import { sleep } from './lib/webdriver.mjs'

const TODAY = '2025-10-06'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

/** The CLI's reminders for the sample plan on TODAY, and their red / yellow counts. */
function reminders(db) {
  const out = cli(db, ['remind', '--today', TODAY])
  /** @type {Array<{kind: string, level: string, title: string, period?: string, units_missing?: string[]}>} */
  const items = Array.isArray(out) ? out : out.items
  return {
    items,
    red: items.filter((i) => i.level === 'red').length,
    yellow: items.filter((i) => i.level === 'yellow').length,
  }
}

/** Polls `probe` (synchronous) until it is truthy. @template T @param {() => T} probe @param {string} what */
async function until(probe, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(150)
  }
}

describe('notification and tray on the desktop', () => {
  test('the start-up notification reaches the notification daemon with the overdue count and shows on screen', async () => {
    requireDesktop()
    const db = tempDb('notice')
    cli(db, ['sample'])
    const { items, red, yellow } = reminders(db)
    assert.ok(red > 0 && yellow > 0, `sample on ${TODAY}: ${red} red, ${yellow} yellow`)
    const due = items.find((i) => i.level === 'yellow' && i.period === '2025-09')
    assert.ok(due, 'the 2025-09 report is due soon')

    closeNotifications()
    const before = lastNotificationId()
    const app = await launch(db, { env: { TAIZHANG_TODAY: TODAY } })
    open.push(app.close)
    // notice.rs sends it two seconds after start
    await until(() => shownNotifications() > 0, 'the notification on screen', 20_000)
    // the board behind it, for the photo
    await app.s.waitVisible('[data-test="period-current"] [data-test="period-due"]', '2025年10月9日（周四）')
    await sleep(600)
    const shot = join(SHOTS, 'desktop-01-startup-notification.png')
    screenshotScreen(shot)

    closeNotifications()
    const sent = notificationHistory().filter((n) => n.id > before)
    assert.equal(sent.length, 1, JSON.stringify(sent))
    const [n] = sent
    assert.equal(n.summary, `报送提醒：${red} 项逾期，${yellow} 项临近`)
    const lines = n.body.split('\n')
    // soonest first: the report due in one working day, as the CLI words it
    assert.equal(lines[0], due.title)
    assert.match(lines[0], /^2025年9月工作台账报送截止2025年10月9日（还剩1个工作日），22个单位未报$/)
    assert.equal(lines.at(-1), '详见“工作台”。')
    assert.equal(n.appname, 'taizhang-desktop')
    console.log(`# notification: ${n.summary} | ${lines[0]} (screenshot ${shot})`)

    // 设置 shows the same notification as the last one sent
    await nav(app.s, '设置')
    await app.s.waitVisible('[data-test="last-notice"]', n.summary, { contains: true })
  })

  test('the daily notification comes at the time set in 设置, after the one at start', async () => {
    requireDesktop()
    const db = tempDb('daily')
    cli(db, ['sample'])
    const { red, yellow } = reminders(db)
    // a minute of the clock that begins 20–80 s from now, well after the start-up notification
    // (TAIZHANG_TODAY fixes the date, not the time of day)
    let at = new Date(Date.now() + 80_000)
    if (at.getHours() === 0 && at.getMinutes() <= 1) {
      await sleep(120_000) // not across midnight: 00:00 would count as already past at start
      at = new Date(Date.now() + 80_000)
    }
    const dailyAt = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`
    const home = mkdtempSync(join(tmpdir(), 'taizhang-e2e-daily-'))
    const config = join(home, 'config/cn.taizhang.desktop')
    mkdirSync(config, { recursive: true })
    writeFileSync(join(config, 'desktop-settings.json'), JSON.stringify({ enabled: true, daily_at: dailyAt }))

    closeNotifications()
    const before = lastNotificationId()
    const app = await launch(db, { env: { TAIZHANG_TODAY: TODAY, XDG_CONFIG_HOME: join(home, 'config') } })
    open.push(app.close)
    await until(() => shownNotifications() > 0, 'the start-up notification', 20_000)
    closeNotifications()
    // checked every half minute: at most ~30 s after the set minute begins
    const wait = at.getTime() - (at.getSeconds() * 1000 + at.getMilliseconds()) - Date.now() + 45_000
    await until(() => shownNotifications() > 0, `the ${dailyAt} notification`, Math.max(wait, 5_000))
    closeNotifications()
    const sent = notificationHistory().filter((n) => n.id > before)
    assert.equal(sent.length, 2, JSON.stringify(sent))
    for (const n of sent) assert.equal(n.summary, `报送提醒：${red} 项逾期，${yellow} 项临近`)
    console.log(`# daily notification at ${dailyAt}: ${sent.length} notifications`)
  })

  test('the tray: its menu shows the overdue count; closing the window keeps the app there; 打开 and a second start bring the window back; 退出 quits', async () => {
    requireDesktop()
    const db = tempDb('tray')
    cli(db, ['sample'])
    const { red } = reminders(db)
    const home = mkdtempSync(join(tmpdir(), 'taizhang-e2e-tray-'))
    const env = {
      TAIZHANG_TODAY: TODAY,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
    }
    // 系统通知 switched off in 设置 on this PC: no popup this time
    const config = join(home, 'config/cn.taizhang.desktop')
    mkdirSync(config, { recursive: true })
    writeFileSync(join(config, 'desktop-settings.json'), JSON.stringify({ enabled: false, daily_at: '09:00' }))
    closeNotifications()
    const { s, close } = await launch(db, { env })
    open.push(close)

    // what the tray shows, as 设置 reports it (the tooltip is what Windows shows on hover)
    await nav(s, '设置')
    await s.waitVisible('[data-test="tray-state"]', `${TITLE}：${red} 项逾期`)
    const shown = await s.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               window.__TAURI_INTERNALS__.invoke('plugin:desktop|tray').then(done, (e) => done({ error: String(e) }))`,
      args: [],
    })
    assert.deepEqual(shown, { present: true, tooltip: `${TITLE}：${red} 项逾期`, count_item: `逾期事项：${red} 项` })

    await sleep(3000) // the start-up notification would have come by now
    assert.equal(shownNotifications(), 0, 'notifications switched off: none shown')

    const icon = await until(trayIcon, 'the tray icon in trayer')
    assert.ok(icon.mapped && icon.w > 0, JSON.stringify(icon))
    const win = await until(() => mainWindow()?.mapped && mainWindow(), 'the main window on screen')
    const pid = win.pid
    assert.ok(pid && alive(pid), 'the window names its process')

    // the tray menu: 逾期事项：N 项 / 打开 / 退出 (a photo: the menu's text is drawn by GTK)
    clickTrayIcon()
    const [menu] = await until(() => popups().length > 0 && popups(), 'the tray menu')
    assert.ok(menu.y + menu.h <= icon.y + 2, 'the menu opens above the tray at the bottom')
    await sleep(400)
    screenshotScreen(join(SHOTS, 'desktop-02-tray-menu.png'))
    x11('keys', 'Escape')
    await until(() => popups().length === 0, 'the menu closed')

    // ✕ on the window: it goes to the tray, the app keeps running (and its page with it)
    x11('close', TITLE)
    await until(() => mainWindow()?.mapped === false, 'the window hidden')
    await sleep(500)
    assert.ok(alive(pid), 'the app still runs after its window was closed')
    assert.equal(await s.exec('return document.title.length > 0'), true)
    assert.ok(trayIcon()?.mapped, 'the tray icon stays')
    screenshotScreen(join(SHOTS, 'desktop-03-closed-to-tray.png'))

    // tray menu → 打开 (the count line is greyed out, so ↓ lands on 打开)
    clickTrayIcon()
    await until(() => popups().length > 0, 'the tray menu')
    await sleep(300)
    x11('keys', 'Down', 'Return')
    await until(() => mainWindow()?.mapped, 'the window back from the tray')
    await s.waitVisible('.page-title', '设置')

    // closed again, then the app started a second time: that one only brings the first back
    x11('close', TITLE)
    await until(() => mainWindow()?.mapped === false, 'the window hidden again')
    const second = spawnSync(APP, [], { env: { ...process.env, ...env, TAIZHANG_DB: db }, timeout: 30_000, encoding: 'utf8' })
    assert.equal(second.status, 0, `second start: ${second.stderr}`)
    await until(() => mainWindow()?.mapped, 'the window back after a second start')
    assert.equal(mainWindow()?.pid, pid, 'the same process shows its window')
    await s.waitVisible('.page-title', '设置')
    await sleep(400)
    screenshotScreen(join(SHOTS, 'desktop-04-second-start.png'))

    // tray menu → 退出 ends the app
    clickTrayIcon()
    await until(() => popups().length > 0, 'the tray menu')
    await sleep(300)
    x11('keys', 'Down', 'Down', 'Return')
    await until(() => !alive(pid), 'the app to quit', 15_000)
    await until(() => !trayIcon(), 'the tray icon gone')
  })
})
