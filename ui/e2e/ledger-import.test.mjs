// @ts-check
// End-to-end test of 导入工作台账 in the real window: the sample plan's ledgers are exported with
// the CLI, one unit's workbook is filled in with openpyxl (hidden sheet and 任务标识 kept), chosen
// through TAIZHANG_E2E_PICK → the preview shows the unit, the period and the matched rows →
// 确认导入 → the CLI's `ledger status` shows the unit reported → 撤销导入 in 导入记录 → not reported.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, messages, nav } from './lib/app.mjs'

const UNIT = '县司法局'

/** Writes 进展情况 into every task row (a 任务标识 in column K) of the exported workbook. */
function fillProgress(path) {
  execFileSync('python3', ['-c', `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['工作台账']
n = 0
for row in ws.iter_rows(min_row=4):
    if row[10].value and str(row[10].value).startswith('TZ-'):
        n += 1
        row[5].value = '9月已召开专题会议部署落实，完成阶段任务%d项。' % n
        row[6].value = '推进中'
wb.save(sys.argv[1])
print(n)
`, path], { encoding: 'utf8' })
}

/** @param {string} db */
const status = (db) => cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-09']).find((u) => u.unit === UNIT)

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
  delete process.env.TAIZHANG_E2E_PICK
})

describe('导入工作台账 in the desktop window', () => {
  test('an exported ledger filled in: preview, 确认导入, status reported, 撤销 in 导入记录', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-ledgers-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const out = join(dir, 'out')
    mkdirSync(out)
    const files = cli(db, ['ledger', 'export', '--plan', '1', '--period', '2025-09', '--out', out])
    const exported = files.find((f) => f.unit === UNIT)
    assert.ok(exported, `the export has ${UNIT}'s ledger`)
    const file = exported.file.startsWith('/') ? exported.file : join(out, exported.file.split('/').pop())
    fillProgress(file)
    assert.equal(status(db).reported, false)

    process.env.TAIZHANG_E2E_PICK = file
    const app = await launch(db)
    open.push(app.close)
    const { s } = app

    await nav(s, '导入')
    await s.clickVisible('[data-test="import-ledgers"]')
    await s.waitVisible('[data-test="ledger-file"]')
    await s.waitVisible('[data-test="ledger-unit"]', UNIT, { contains: true })
    await s.waitVisible('[data-test="ledger-period"]', '2025年9月', { contains: true })
    const matched = Number(await s.exec(`return document.querySelector('[data-test="ledger-matched"]').textContent`))
    assert.equal(matched, exported.tasks, 'every task row of the export matched')
    await s.screenshot(join(SHOTS, 'ledger-import-01-preview.png'))
    assert.equal(status(db).reported, false, 'nothing written before 确认导入')

    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-02-imported.png'))
    const after = status(db)
    assert.equal(after.reported, true)
    assert.equal(after.rows, exported.tasks)

    await nav(s, '导入记录')
    await s.waitVisible('[data-test="ledger-history"]', UNIT, { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-03-history.png'))
    await s.clickVisible('[data-test="ledger-history-undo"]')
    await s.waitVisible('.el-message-box', '撤销导入', { contains: true })
    await s.clickVisible('.el-message-box__btns button', '撤销导入')
    await s.waitFor(async () => (await messages(s)).includes('已撤销工作台账导入'), 'the undone message')
    assert.equal(status(db).reported, false, 'undo: not reported again')
    await s.screenshot(join(SHOTS, 'ledger-import-04-undone.png'))
  })
})
