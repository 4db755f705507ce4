// @ts-check
// End-to-end test of 导入工作台账 in the real window: the sample plan's ledgers are exported with
// the CLI, one unit's workbook is filled in with openpyxl (hidden sheet and 任务标识 kept), chosen
// through TAIZHANG_E2E_PICK → the preview shows the unit, the period and the matched rows →
// 确认导入 → the CLI's `ledger status` shows the unit reported → 撤销导入 in 导入记录 → not reported.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, messages, nav } from './lib/app.mjs'
import { exportLedger, fillLedger, openLedgerImport } from './lib/ledger.mjs'

const UNIT = '县司法局'

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
    const exported = exportLedger(db, UNIT, '2025-09', join(dir, 'out'))
    const file = join(dir, `${UNIT}_已填写.xlsx`)
    assert.equal(fillLedger(exported.file, file, '9月已召开专题会议部署落实，完成阶段任务{n}项。'), exported.tasks)
    assert.equal(status(db).reported, false)

    const s = await openLedgerImport(open, db, file)
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
