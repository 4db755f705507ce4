// @ts-check
// The window benchmark (issue #27): drives every page and action of the window through WebDriver
// on a database the caller prepared, and prints per action the median and max of the rounds,
// plus the memory (VmRSS) of the app and its WebKit processes after start, after the first round
// and after the last. Run through scripts/bench-window.sh, which builds the app and the database.
//   node ui/e2e/bench-window.mjs --db FILE --today YYYY-MM-DD [--rounds 5] [--starts 3]
// A page counts as ready when its content is on screen (the action's selector is visible), no
// loading mask shows, and the browser has painted a frame after that: measured inside the page
// from the click, so WebDriver's round trips do not count. Start = WebDriver session request
// (tauri-driver spawns the app) → the 工作台 shows its board, read by polling every 20 ms.
import { copyFileSync, existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { launch, tempDb, windowMemory } from './lib/app.mjs'
import { Session, request, sleep } from './lib/webdriver.mjs'

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string' },
    today: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    starts: { type: 'string', default: '3' },
  },
})
if (!opt.db || !opt.today) throw new Error('usage: bench-window.mjs --db FILE --today YYYY-MM-DD [--rounds N] [--starts N]')
const rounds = Number(opt.rounds)
const starts = Number(opt.starts)
const env = { TAIZHANG_TODAY: opt.today }

/** A fresh copy of the database for each launch (the app may write to it). */
function copyDb() {
  const db = tempDb('bench')
  copyFileSync(/** @type {string} */ (opt.db), db)
  for (const ext of ['-wal', '-shm']) if (existsSync(opt.db + ext)) copyFileSync(opt.db + ext, db + ext)
  return db
}

// Runs in the page: clicks the first visible element matching `click` (containing `clickText`),
// then waits until `ready` (containing `readyText`) is visible with no loading mask, and answers
// the milliseconds from the click to the next painted frame.
const MEASURE = `
const [click, clickText, ready, readyText, timeoutMs] = arguments
const done = arguments[arguments.length - 1]
const shown = (el) => {
  const r = el.getBoundingClientRect()
  if (r.width === 0 || r.height === 0) return false
  const s = getComputedStyle(el)
  return s.visibility !== 'hidden' && s.opacity !== '0' && s.display !== 'none'
}
const find = (css, text) => {
  for (const el of document.querySelectorAll(css)) if (shown(el) && (text == null || el.innerText.includes(text))) return el
  return null
}
const busy = () => [...document.querySelectorAll('.el-loading-mask')].some(shown)
const target = click ? find(click, clickText) : null
if (click && !target) return done({ error: 'nothing to click: ' + click + ' ' + (clickText ?? '') })
const t0 = performance.now()
if (target) target.click()
const poll = () => {
  if (find(ready, readyText) && !busy()) requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - t0 }), 0))
  else if (performance.now() - t0 > timeoutMs)
    done({ error: 'not ready after ' + timeoutMs + ' ms: ' + ready + ' ' + (readyText ?? '') + (find(ready, readyText) ? ' (shown, but loading)' : ' (not shown)') })
  else setTimeout(poll, 5)
}
setTimeout(poll, 0)
`
// below fetch's 300 s wait for an answer
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 280_000)

/**
 * @typedef {object} Action
 * @property {string} name
 * @property {string | null} click  what to click (CSS), the first visible one
 * @property {string | null} [clickText]  …whose text contains this
 * @property {string} ready  what shows when the page is ready (CSS)
 * @property {string | null} [readyText]  …whose text contains this
 * @property {(s: Session) => Promise<void>} [before]  sets the action up (not timed)
 * @property {(s: Session) => Promise<void>} [after]  puts things back (not timed)
 */

/** @param {Session} s @param {Action} a */
async function measure(s, a) {
  if (a.before) await a.before(s)
  const body = { script: MEASURE, args: [a.click, a.clickText ?? null, a.ready, a.readyText ?? null, TIMEOUT_MS] }
  const value = await request(s.base, 'POST', `/session/${s.id}/execute/async`, body, TIMEOUT_MS + 30_000)
  if (value?.error) throw new Error(`${a.name}: ${value.error}`)
  if (a.after) await a.after(s)
  return /** @type {number} */ (value.ms)
}

/** @param {string} label */
const nav = (label) => `[data-nav="${label}"]`

/** @type {Action} 汇总查看 switches to the month of its second quick link, and back the next round. */
const switchMonth = {
  name: '汇总查看 switch month',
  click: '.consolidated-page .quick button',
  ready: '[data-test="consolidated-summary"] .numbers',
  async before(s) {
    const links = /** @type {Array<{text: string, current: boolean}>} */ (
      await s.exec(`return [...document.querySelectorAll('.consolidated-page .quick button')]
        .map((b) => ({ text: b.innerText.trim(), current: b.classList.contains('el-button--primary') }))`)
    )
    const other = links.find((l, i) => i > 0 && !l.current) ?? links.find((l) => !l.current)
    if (!other) throw new Error('汇总查看 shows no other month to switch to')
    switchMonth.clickText = other.text
    switchMonth.readyText = `${other.text}：`
  },
}

/** The actions of one round, in the order of the table, then the other pages. @type {Action[]} */
const ACTIONS = [
  { name: '任务清单 open', click: nav('任务清单'), ready: '[data-test="task-row-title"]' },
  { name: '责任单位 open', click: nav('责任单位'), ready: '.units-page .el-table__row' },
  { name: '导入记录 open', click: nav('导入记录'), ready: '[data-test="ledger-history"] .el-table__row, [data-test="ledger-history"] .el-table__empty-text' },
  { name: 'back to 工作台', click: nav('工作台'), ready: '[data-test="period-counts"]' },
  { name: '汇总查看 open (latest month)', click: nav('汇总查看'), ready: '[data-test="consolidated-row"]' },
  switchMonth,
  {
    name: '汇总查看 历次进展 drawer',
    click: '[data-test="task-history"]',
    ready: '[data-test="history-entry"], [data-test="history-drawer"] .el-empty',
    async after(s) {
      await s.clickVisible('.el-drawer__close-btn')
      await s.waitFor(async () => !(await s.visible('[data-test="history-drawer"] .el-drawer__body')), 'the drawer to close')
    },
  },
  { name: '统计报表 汇总台账', click: nav('统计报表'), ready: '[data-test="summary-row"]' },
  { name: '统计报表 进展统计', click: '.report-tabs .el-tabs__item', clickText: '进展统计', ready: '[data-test="report-stats"]' },
  { name: '统计报表 通报', click: '.report-tabs .el-tabs__item', clickText: '报送情况通报', ready: '[data-test="report-circular"]' },
  { name: '领导小组 open', click: nav('领导小组'), ready: '.page-title', readyText: '领导小组' },
  { name: '回收站 open', click: nav('回收站'), ready: '.page-title', readyText: '回收站' },
  { name: '设置 open', click: nav('设置'), ready: '.page-title', readyText: '设置' },
  { name: '工作台 again (end of round)', click: nav('工作台'), ready: '[data-test="period-counts"]' },
]

/** Launches the app and waits for the 工作台's board; answers the session and the start time. */
async function start() {
  const app = await launch(copyDb(), { env })
  try {
    // a slow page may take minutes: the driver waits for the page's answer that long
    await app.s.cmd('POST', '/timeouts', { script: TIMEOUT_MS + 10_000 })
    await app.s.waitFor(
      () =>
        app.s.exec(`const el = document.querySelector('[data-test="period-counts"]');
          const masks = [...document.querySelectorAll('.el-loading-mask')].filter((m) => m.getBoundingClientRect().height > 0);
          return !!el && el.getBoundingClientRect().height > 0 && masks.length === 0`),
      'the 工作台 board',
      TIMEOUT_MS,
      20,
    )
  } catch (e) {
    await app.close()
    throw e
  }
  return { app, ms: Date.now() - app.startedAt }
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (/** @type {number} */ ms) => (ms === Infinity ? `> ${TIMEOUT_MS / 1000} s` : ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

/** @type {Map<string, number[]>} */
const times = new Map()
const record = (/** @type {string} */ name, /** @type {number} */ ms) => times.set(name, [...(times.get(name) ?? []), ms])

for (let i = 0; i < starts - 1; i++) {
  const { app, ms } = await start()
  record('start → 工作台 interactive', ms)
  await app.close()
  // the closed app leaves the session bus (single-instance) a moment after it exits
  await sleep(2000)
}
const { app, ms } = await start()
record('start → 工作台 interactive', ms)
/** @type {Array<{when: string} & ReturnType<typeof windowMemory>>} */
const memory = []
try {
  await sleep(1000)
  memory.push({ when: 'after start', ...windowMemory(app.pids) })
  for (let r = 0; r < rounds; r++) {
    for (const a of ACTIONS) {
      try {
        record(a.name, await measure(app.s, a))
      } catch (e) {
        // a window that does not answer ends the walk; what was measured is still printed
        record(a.name, Infinity)
        console.log(`${a.name}: not ready (${e instanceof Error ? e.message.slice(0, 200) : e}); the walk stops`)
        throw e
      }
    }
    if (r === 0) memory.push({ when: 'after round 1', ...windowMemory(app.pids) })
  }
  memory.push({ when: `after round ${rounds}`, ...windowMemory(app.pids) })
} catch {
  process.exitCode = 1
} finally {
  await app.close().catch(() => {})
}

const rows = [...times].map(([name, xs]) => `| ${name} | ${fmt(median(xs))} | ${fmt(Math.max(...xs))} | ${xs.length} |`)
console.log(`\n${opt.db} (today ${opt.today}), ${rounds} rounds\n`)
console.log('| page / action | median | max | runs |\n|---|---|---|---|\n' + rows.join('\n'))
console.log('\n| memory (VmRSS, MiB) | app | web process | other WebKit | total |\n|---|---|---|---|---|')
for (const m of memory) console.log(`| ${m.when} | ${m.app} | ${m.web} | ${m.other} | ${m.total} |`)
