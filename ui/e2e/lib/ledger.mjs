// @ts-check
// Returned ledgers for the e2e tests: the sample plan's ledgers exported with the CLI and
// filled in with openpyxl as a department does (the header found by its 任务标识 column, under
// the 报送截止 notice or not), and the app opened on the ledger import
// preview of a chosen file or folder.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { cli, launch, nav } from './app.mjs'

/**
 * Exports `unit`'s ledger for `period` into `out`; returns its path and task count.
 * @param {string} db @param {string} unit @param {string} period @param {string} out
 * @returns {{ file: string, tasks: number }}
 */
export function exportLedger(db, unit, period, out) {
  mkdirSync(out, { recursive: true })
  const [f] = cli(db, ['ledger', 'export', '--plan', '1', '--period', period, '--unit', unit, '--out', out])
  return { file: f.file.startsWith('/') ? f.file : join(out, f.file.split('/').pop()), tasks: f.tasks }
}

/**
 * Fills 进展情况 and 完成状态 of every task row (a 任务标识 TZ-…) of an exported ledger and saves
 * it as `to`; `{n}` in `text` is the row's number, a list gives one text per row. The first
 * `done` rows are 已完成, the others 推进中. Returns the rows filled.
 * @param {string} from @param {string} to @param {string | string[]} text @param {number} [done]
 */
export function fillLedger(from, to, text, done = 0) {
  const out = execFileSync('python3', ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['工作台账']
texts = json.loads(sys.argv[3])
hr = next(r for r in range(1, 10) if any(c.value == '任务标识' for c in ws[r]))
head = {c.value: c.column - 1 for c in ws[hr] if c.value}
n = 0
for row in ws.iter_rows(min_row=hr + 1):
    if str(row[head['任务标识']].value or '').startswith('TZ-'):
        t = texts[n] if isinstance(texts, list) else texts.replace('{n}', str(n + 1))
        row[head['进展情况']].value = t
        row[head['完成状态']].value = '已完成' if n < int(sys.argv[4]) else '推进中'
        n += 1
wb.save(sys.argv[2])
print(n)
`, from, to, JSON.stringify(text), String(done)], { encoding: 'utf8' })
  return Number(out.trim())
}

/**
 * Opens the app on `db` at 导入 and chooses `pick` (a file, or a folder with `button`
 * import-ledger-folder) for 导入工作台账; `open` collects the app's close for afterEach;
 * `env` adds to the app's environment (e.g. TAIZHANG_TODAY).
 * @param {Array<() => Promise<void>>} open @param {string} db @param {string} pick
 * @param {'import-ledgers' | 'import-ledger-folder'} [button]
 * @param {Record<string, string>} [env]
 */
export async function openLedgerImport(open, db, pick, button = 'import-ledgers', env = {}) {
  process.env.TAIZHANG_E2E_PICK = pick
  const app = await launch(db, { env })
  open.push(app.close)
  const { s } = app
  await nav(s, '导入')
  await s.clickVisible(`[data-test="${button}"]`)
  return s
}

/**
 * Rewrites the period of a ledger's hidden identity (as a department's file copied from
 * another month carries it), keeping what the sheet shows.
 * @param {string} file @param {string} period
 */
export function retagPeriod(file, period) {
  execFileSync('python3', ['-c', `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['_taizhang']
for row in ws.iter_rows():
    if row[0].value == 'period':
        row[1].value = sys.argv[2]
wb.save(sys.argv[1])
`, file, period])
}

/**
 * Changes task rows of a filled ledger in place as a department does: `changes[i]` is for the
 * i-th task row (0-based) and sets its 完成状态 word and/or its 主要任务 text.
 * @param {string} file @param {Array<{ row: number, status?: string, title?: string }>} changes
 */
export function editLedgerRows(file, changes) {
  execFileSync('python3', ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['工作台账']
hr = next(r for r in range(1, 10) if any(c.value == '任务标识' for c in ws[r]))
head = {c.value: c.column - 1 for c in ws[hr] if c.value}
rows = [row for row in ws.iter_rows(min_row=hr + 1) if str(row[head['任务标识']].value or '').startswith('TZ-')]
for c in json.loads(sys.argv[2]):
    row = rows[c['row']]
    if 'status' in c:
        row[head['完成状态']].value = c['status']
    if 'title' in c:
        row[head['主要任务']].value = c['title']
wb.save(sys.argv[1])
`, file, JSON.stringify(changes)])
}
