// @ts-check
// Starts the built desktop app through tauri-driver with its own temporary database, and reads
// the database back through the `taizhang` command line to check what was really saved.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Session, sleep, waitForDriver } from './webdriver.mjs'

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
export const APP = process.env.TAIZHANG_APP ?? join(ROOT, 'target/debug/taizhang-desktop')
export const CLI = process.env.TAIZHANG_CLI ?? join(ROOT, 'target/debug/taizhang')
export const SHOTS = join(ROOT, 'test-output/e2e')
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444)
/** The port of the WebDriver under tauri-driver (its default 4445 unless set), so that two runs can share a machine. */
const NATIVE_PORT = process.env.TAURI_DRIVER_NATIVE_PORT

function tauriDriver() {
  const fromEnv = process.env.TAURI_DRIVER
  if (fromEnv) return fromEnv
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin/tauri-driver')
  return existsSync(cargoBin) ? cargoBin : 'tauri-driver'
}

/** A fresh folder and database path for one test. */
export function tempDb(name) {
  const dir = mkdtempSync(join(tmpdir(), `taizhang-e2e-${name}-`))
  return join(dir, 'taizhang.db')
}

/**
 * The day `sample` is loaded on when a test gives none: the sample is dated in the year of
 * "today", and the tests that load it through the CLI were written for the 2025 sample.
 */
export const SAMPLE_TODAY = '2025-06-01'

/**
 * Runs the `taizhang` CLI on `db`; parses its `--json` output (all commands but `sample`, which
 * loads the 2025 sample unless `--today` says otherwise).
 * @param {string} db @param {string[]} args
 */
export function cli(db, args) {
  const json = args[0] !== 'sample'
  const dated = !json && !args.includes('--today') ? ['--today', SAMPLE_TODAY] : []
  const out = execFileSync(CLI, ['--db', db, ...args, ...dated, ...(json ? ['--json'] : [])], { encoding: 'utf8', timeout: 30_000 })
  return json ? JSON.parse(out) : out
}

/** Every sheet's title and non-empty cells (A1=…) of a workbook, read with openpyxl. @param {string} path */
export function workbookCells(path) {
  return execFileSync('python3', ['-c', `
import sys, openpyxl
for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:
    print(ws.title)
    print('\\n'.join('%s=%s' % (c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None))
`, path], { encoding: 'utf8' })
}

/** Runs SQL on the test database with the sqlite3 shell; returns its output, trimmed. @param {string} db @param {string} statement */
export function sql(db, statement) {
  return execFileSync('sqlite3', [db, statement], { encoding: 'utf8', timeout: 10_000 }).trim()
}

let launches = 0

/** The processes under `root` (its children, theirs…) running `exe`. @param {number} root @param {string} exe */
function descendantsRunning(root, exe) {
  /** @type {Map<number, number[]>} */
  const children = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)])
    } catch {
      // gone meanwhile
    }
  }
  const found = []
  const queue = [...(children.get(root) ?? [])]
  while (queue.length > 0) {
    const pid = /** @type {number} */ (queue.shift())
    queue.push(...(children.get(pid) ?? []))
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === exe) found.push(pid)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/** Whether `pid` runs (an exited process not yet reaped does not count). @param {number} pid */
export function running(pid) {
  try {
    return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/**
 * Ends the app processes this launch started, if the driver left them running: WebDriver's
 * "close the session" closes the window, which the app answers by hiding to the tray.
 * @param {number[]} pids
 */
async function endApp(pids) {
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGKILL'])) {
    const left = pids.filter(running)
    if (left.length === 0) return
    for (const pid of left) process.kill(pid, signal)
    for (let i = 0; i < 50 && pids.some(running); i++) await sleep(100)
  }
}

/**
 * Opens the app on `db`. The app reads TAIZHANG_DB from its environment, which tauri-driver and
 * WebKitWebDriver pass on, so each launch gets its own driver; `opts.env` adds to (or overrides)
 * that environment, e.g. HOME or TAIZHANG_TODAY.
 * @param {string} db
 * @param {{ env?: Record<string, string> }} [opts]
 * @returns {Promise<{ s: Session, close: () => Promise<void>, startedMs: number, startedAt: number, pids: number[] }>}
 */
export async function launch(db, opts = {}) {
  if (!existsSync(APP)) throw new Error(`app not built: ${APP} (run scripts/e2e.sh)`)
  const base = `http://127.0.0.1:${PORT}`
  const stale = await fetch(`${base}/status`, { signal: AbortSignal.timeout(1_000) }).then(() => true, () => false)
  if (stale) throw new Error(`port ${PORT} is already in use (a tauri-driver left running?)`)
  const home = mkdtempSync(join(tmpdir(), 'taizhang-e2e-home-'))
  mkdirSync(SHOTS, { recursive: true })
  const log = openSync(join(SHOTS, `driver-${++launches}.log`), 'w')
  const driver = spawn(tauriDriver(), ['--port', String(PORT), ...(NATIVE_PORT ? ['--native-port', NATIVE_PORT] : [])], {
    env: {
      ...process.env,
      TAIZHANG_DB: db,
      // window-state and WebKit caches go to a throwaway folder, so runs do not affect each other
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      ...opts.env,
    },
    stdio: ['ignore', log, log],
  })
  const exited = new Promise((r) => driver.once('exit', r))
  /** @type {number[]} */
  let appPids = []
  const stop = async () => {
    appPids = [...new Set([...appPids, ...(driver.pid ? descendantsRunning(driver.pid, APP) : [])])]
    if (driver.exitCode === null && driver.signalCode === null) driver.kill('SIGTERM')
    await Promise.race([exited, sleep(5_000)])
    await endApp(appPids)
  }
  try {
    await waitForDriver(base)
    const t0 = Date.now()
    const s = await Session.create(base, { 'tauri:options': { application: APP } })
    if (driver.pid) appPids = descendantsRunning(driver.pid, APP)
    // first paint: the shell (navigation) is on screen
    await s.waitVisible('.shell .brand-name', null, { timeoutMs: 30_000 })
    const startedMs = Date.now() - t0
    const close = async () => {
      try {
        await s.delete()
      } finally {
        await stop() // the app too: the next launch must not find it (single-instance)
      }
    }
    return { s, close, startedMs, startedAt: t0, pids: appPids }
  } catch (e) {
    await stop()
    throw e
  }
}

/** VmRSS of process `pid` in KiB (0 when gone). @param {number} pid */
function vmRssKib(pid) {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/**
 * Memory of the window in MiB (VmRSS): the app's processes `pids`, its WebKit web process(es)
 * and the other WebKit helpers (network…). WebKit's helpers may be started through a sandbox,
 * so not always as children: every WebKit process but the driver counts (only this app runs
 * them under the test's Xvfb).
 * @param {number[]} pids
 */
export function windowMemory(pids) {
  /** @type {Array<{pid: number, comm: string}>} */
  const webkit = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim()
      if (comm.startsWith('WebKit') && comm !== 'WebKitWebDriver') webkit.push({ pid: Number(name), comm })
    } catch {
      // gone meanwhile
    }
  }
  const mib = (/** @type {number} */ kib) => Math.round((kib / 1024) * 10) / 10
  const sum = (/** @type {number[]} */ ps) => ps.reduce((n, p) => n + vmRssKib(p), 0)
  const app = sum(pids)
  const web = sum(webkit.filter((p) => p.comm.startsWith('WebKitWebProces')).map((p) => p.pid))
  const other = sum(webkit.filter((p) => !p.comm.startsWith('WebKitWebProces')).map((p) => p.pid))
  return { app: mib(app), web: mib(web), other: mib(other), total: mib(app + web + other) }
}

/** Answers the first-run dialog with 载入示例方案 and waits for the 工作台. @param {Session} s */
export async function loadSample(s) {
  await s.clickVisible('[data-test="load-sample"]')
  await s.waitVisible('[data-test="plan-title"]', '示例县', { contains: true, timeoutMs: 20_000 })
}

/** @param {Session} s @param {string} label 工作台 / 任务清单 / 责任单位 / 领导小组 / 设置 */
export async function nav(s, label) {
  await s.clickVisible(`[data-nav="${label}"]`)
  await s.waitVisible('.page-title', label)
}

/** The task count the 任务清单 shows, once it stops changing. @param {Session} s */
export async function shownTaskCount(s) {
  let last = -1
  for (let i = 0; i < 50; i++) {
    const n = await s.exec(
      `const el = document.querySelector('[data-test="task-total"]');
       const loading = document.querySelector('.task-table .el-loading-mask');
       return el && !loading ? Number(el.dataset.count) : -1`,
    )
    if (n >= 0 && n === last) return n
    last = n
    await sleep(200)
  }
  throw new Error('task count did not settle')
}

/** The text of the visible Element Plus message toasts. @param {Session} s */
export async function messages(s) {
  return /** @type {string} */ (
    await s.exec(`return [...document.querySelectorAll('.el-message')].map((m) => m.innerText).join('\\n')`)
  )
}

/**
 * 导入记录 → 撤销导入 on the newest import, which lists `fileName`; `shot`, if given, is a
 * screenshot of the list taken first.
 * @param {Session} s @param {string} fileName @param {string} [shot]
 */
export async function undoNewestImport(s, fileName, shot) {
  await nav(s, '导入记录')
  await s.waitVisible('[data-test="import-history"]', fileName, { contains: true })
  if (shot) await s.screenshot(shot)
  await s.clickVisible('[data-test="history-undo"]')
  await s.waitVisible('.el-message-box', '撤销导入', { contains: true })
  await s.clickVisible('.el-message-box__btns button', '撤销导入')
  await s.waitFor(async () => (await messages(s)).includes('已撤销导入'), 'the undone message')
}
