// @ts-check
// End-to-end test of 导入工作台账 in the real window: the sample plan's ledgers are exported with
// the CLI, one unit's workbook is filled in with openpyxl (hidden sheet and 任务标识 kept), chosen
// through TAIZHANG_E2E_PICK → the preview shows the unit, the period and the matched rows →
// 确认导入 → the CLI's `ledger status` shows the unit reported → 读入的行 and 撤销导入 in 导入记录 →
// not reported. A department's 基本完成 is shown for the clerk's decision (changed, committed as
// decided) and an edited task title is shown with both texts before 确认导入.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, messages, nav } from './lib/app.mjs'
import { editLedgerRows, exportLedger, fillLedger, openLedgerImport, retagPeriod } from './lib/ledger.mjs'

const UNIT = '县司法局'
/** A function (as source) finding the input of an Element Plus date picker marked `css`. */
const PICKER_INPUT = `((css) => { const el = document.querySelector(css); return el.tagName === 'INPUT' ? el : el.querySelector('input') })`

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
    // 读入的行: the batch opens to its files, and each file to every row read from it.
    await s.clickVisible('[data-test="ledger-history"] .el-table__expand-icon')
    await s.waitVisible('[data-test="ledger-history-files"]', `${UNIT}_已填写.xlsx`, { contains: true })
    await s.clickVisible('[data-test="ledger-history-rows"]')
    await s.waitVisible('[data-test="read-rows-count"]', `共 ${exported.tasks} 行，其中 0 行未对应任务`)
    await s.waitVisible('[data-test="read-rows-table"] .el-table__body', '9月已召开专题会议部署落实', { contains: true })
    await s.waitVisible('[data-test="read-rows-table"] .el-table__body', '隐藏标识', { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-03b-read-rows.png'))
    await s.clickVisible('[data-test="read-rows"] .el-dialog__headerbtn')
    await s.waitFor(async () => !(await s.visible('[data-test="read-rows-table"]')), 'the dialog closed')
    await s.clickVisible('[data-test="ledger-history-undo"]')
    await s.waitVisible('.el-message-box', '撤销导入', { contains: true })
    await s.clickVisible('.el-message-box__btns button', '撤销导入')
    await s.waitFor(async () => (await messages(s)).includes('已撤销工作台账导入'), 'the undone message')
    assert.equal(status(db).reported, false, 'undo: not reported again')
    await s.screenshot(join(SHOTS, 'ledger-import-04-undone.png'))
  })

  test('the preview lists the rows copied from the previous period (复制上期)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-copied-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    // August reported through the CLI; September's ledger repeats August's text in its first
    // two rows and writes new text in the others.
    const aug = exportLedger(db, UNIT, '2025-08', join(dir, 'out-08'))
    const augTexts = Array.from({ length: aug.tasks }, (_, i) => `8月第${i + 1}项：完成制度修订并组织学习`)
    fillLedger(aug.file, join(dir, '8月.xlsx'), augTexts)
    assert.equal(typeof cli(db, ['ledger', 'import', join(dir, '8月.xlsx')]).batch, 'number')
    const sep = exportLedger(db, UNIT, '2025-09', join(dir, 'out-09'))
    assert.ok(sep.tasks >= 3, `${UNIT} has at least 3 tasks`)
    const sepTexts = augTexts.map((t, i) => (i < 2 ? t : `9月第${i + 1}项：新开展专项检查`))
    const file = join(dir, '9月.xlsx')
    fillLedger(sep.file, file, sepTexts)
    const dry = cli(db, ['ledger', 'import', '--dry-run', file])
    assert.equal(dry.files[0].unchanged_from_previous, 2, 'the CLI counts the two copied rows')

    const s = await openLedgerImport(open, db, file)
    await s.waitVisible('[data-test="ledger-copied-count"]', '2')
    assert.ok(!(await s.visible('[data-test="ledger-copied"]')), 'the list opens on request')
    await s.clickVisible('[data-test="ledger-copied-toggle"]')
    await s.waitVisible('[data-test="ledger-copied"] .el-table__body td', '第', { contains: true })
    const rows = await s.exec(`return [...document.querySelectorAll('[data-test="ledger-copied"] .el-table__body tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim()))`)
    assert.deepEqual(rows.map((/** @type {string[]} */ r) => r[2]), sepTexts.slice(0, 2), 'the copied rows with their text')
    await s.screenshot(join(SHOTS, 'ledger-import-05-copied.png'))
    await s.clickVisible('[data-test="ledger-copied-toggle"]')
    await s.waitFor(async () => !(await s.visible('[data-test="ledger-copied"]')), 'the list folded away')
  })

  test('a 照抄 row is marked in the preview, with the earlier text on hover', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-zhaochao-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    // July and August reported through the CLI. September's first row is July's text with new
    // numbers (August said something else); its second row is August's text again.
    const july = exportLedger(db, UNIT, '2025-07', join(dir, 'out-07'))
    assert.ok(july.tasks >= 3, `${UNIT} has at least 3 tasks`)
    const julyTexts = Array.from({ length: july.tasks }, (_, i) => `7月第${i + 1}项：完成执法证件年审${30 + i}人，组织专题培训并建立工作台账`)
    fillLedger(july.file, join(dir, '7月.xlsx'), julyTexts)
    assert.equal(typeof cli(db, ['ledger', 'import', join(dir, '7月.xlsx')]).batch, 'number')
    const aug = exportLedger(db, UNIT, '2025-08', join(dir, 'out-08'))
    const augTexts = Array.from({ length: aug.tasks }, (_, i) => `8月第${i + 1}项：开展规范性文件清理并向社会公布清理结果`)
    fillLedger(aug.file, join(dir, '8月.xlsx'), augTexts)
    assert.equal(typeof cli(db, ['ledger', 'import', join(dir, '8月.xlsx')]).batch, 'number')
    const sep = exportLedger(db, UNIT, '2025-09', join(dir, 'out-09'))
    const sepTexts = augTexts.map((t, i) => (i === 0 ? `9月第1项：完成执法证件年审41人，组织专题培训并建立工作台账` : i === 1 ? t : `9月第${i + 1}项：新开展专项检查并形成报告`))
    const file = join(dir, '9月.xlsx')
    fillLedger(sep.file, file, sepTexts)
    const dry = cli(db, ['ledger', 'import', '--dry-run', file])
    assert.equal(dry.files[0].copied, 2, 'the CLI counts the two 照抄 rows')
    const first = dry.files[0].rows.find((/** @type {any} */ r) => r.progress === sepTexts[0])
    assert.deepEqual([first.copied.from_period, first.copied.label], ['2025-07', '与2025年7月基本相同'])

    const s = await openLedgerImport(open, db, file)
    await s.waitVisible('[data-test="ledger-copy-count"]', '2')
    await s.clickVisible('[data-test="ledger-copy-toggle"]')
    await s.waitVisible('[data-test="ledger-copied-label"]', '与', { contains: true })
    const rows = await s.exec(`return [...document.querySelectorAll('[data-test="ledger-copied"] .el-table__body tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim()))`)
    assert.deepEqual(
      rows.map((/** @type {string[]} */ r) => [r[2], r[3]]),
      [
        [sepTexts[0], '与2025年7月基本相同'],
        [sepTexts[1], '与上期相同'],
      ],
      'each 照抄 row with what it repeats',
    )
    // Hovering the mark shows the earlier text.
    await s.exec(`document.querySelector('[data-test="ledger-copied-label"]').dispatchEvent(new MouseEvent('mouseenter', { bubbles: true }))`)
    await s.waitVisible('.copied-earlier', julyTexts[0], { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-06-zhaochao.png'))

    // Imported, the task's 历次进展 opens from 任务清单: every month, the 照抄 one marked, and
    // what changed since August highlighted.
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await nav(s, '任务清单')
    await s.waitVisible('[data-test="task-row-title"]')
    await s.exec(`const row = [...document.querySelectorAll('.task-table .el-table__body tr')].find((r) => r.innerText.includes(${JSON.stringify(first.title)}))
      row.querySelector('[data-test="task-history"]').click()`)
    await s.waitVisible('[data-test="history-drawer"] [data-test="history-copied"]', '照抄2025年7月')
    const entries = await s.exec(`return [...document.querySelectorAll('[data-test="history-entry"]')].map((e) => [e.dataset.change, e.querySelector('[data-test="history-text"]').innerText.trim(), [...e.querySelectorAll('mark')].map((m) => m.innerText)])`)
    assert.deepEqual(
      entries.map((/** @type {any[]} */ e) => [e[0], e[1]]),
      [
        ['changed', sepTexts[0]],
        ['changed', augTexts[0]],
        ['new', julyTexts[0]],
      ],
      'newest month first, each against the month before',
    )
    assert.ok(entries[0][2].length > 0, 'September marks what it wrote anew since August')
    await s.screenshot(join(SHOTS, 'ledger-import-07-history.png'))
    await s.clickVisible('[data-test="history-drawer"] .el-drawer__close-btn')

    // 汇总查看 marks each 照抄 report, with the earlier text on hover, and 只看照抄 keeps them only.
    await nav(s, '汇总查看')
    await s.waitVisible('[data-test="count-copied"]', '2')
    assert.deepEqual(
      await s.exec(`return [...document.querySelectorAll('[data-test="copied-tag"]')].map((t) => t.dataset.from)`),
      ['2025-07', '2025-08'],
      'one mark per 照抄 report, naming the month it repeats',
    )
    await s.clickVisible('[data-test="consolidated-only-copied"]')
    await s.waitFor(
      () => s.exec(`const rows = [...document.querySelectorAll('[data-test="consolidated-row"]')];
                    return rows.length === 2 && rows.every((r) => r.querySelector('[data-test="copied-tag"]'))`),
      'only the two 照抄 reports',
    )
    await s.exec(`document.querySelector('[data-test="copied-tag"]').dispatchEvent(new MouseEvent('mouseenter', { bubbles: true }))`)
    await s.waitVisible('.copied-earlier', julyTexts[0], { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-08-consolidated-copied.png'))
  })

  test('收到日期 from the file time; a hidden July under an August name and header is red until the clerk picks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-received-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const aug = exportLedger(db, UNIT, '2025-08', join(dir, 'out'))
    const file = join(dir, `${UNIT}_2025年08月_已填写.xlsx`)
    fillLedger(aug.file, file, '8月完成制度修订{n}项。')
    retagPeriod(file, '2025-07')
    // Saved from WeChat on 3 September.
    const sept3 = new Date(2025, 8, 3, 10, 0, 0)
    utimesSync(file, sept3, sept3)

    const s = await openLedgerImport(open, db, file, 'import-ledgers', { TAIZHANG_TODAY: '2025-09-10' })
    await s.waitVisible('[data-test="ledger-identity-conflict"]', '隐藏标识', { contains: true })
    const row = await s.exec(`return document.querySelector('[data-test="conflict-period"]').innerText`)
    assert.match(row, /2025年7月/)
    assert.match(row, /2025年8月/)
    const red = await s.exec(`const c = document.querySelector('[data-test="ledger-file"]'); return [c.dataset.conflict, getComputedStyle(c).borderTopColor]`)
    assert.equal(red[0], 'true', 'the file is marked')
    assert.match(red[1], /rgb\(245, 108, 108\)/, 'the card is red')
    await s.screenshot(join(SHOTS, 'ledger-import-06-identity-conflict.png'))
    assert.equal(cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-08']).find((u) => u.unit === UNIT).reported, false)

    await s.clickVisible('[data-test="conflict-period"] [data-test="conflict-choose"]', '2025年8月')
    await s.waitVisible('[data-test="ledger-period"]', '2025年8月', { contains: true })
    await s.waitVisible('[data-test="ledger-received-source"]', '文件时间', { contains: true })
    const received = await s.exec(`return pickerInput('[data-test="ledger-received"]').value`.replace('pickerInput', PICKER_INPUT))
    assert.equal(received, '2025年9月3日')
    await s.screenshot(join(SHOTS, 'ledger-import-07-received.png'))
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    const after = cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-08']).find((u) => u.unit === UNIT)
    assert.equal(after.received_on, '2025-09-03')
    assert.equal(after.on_time, true)

    // 导入记录: the clerk corrects the day it arrived (it came on the 4th, still on time).
    await nav(s, '导入记录')
    await s.clickVisible('[data-test="ledger-history"] .el-table__expand-icon')
    const input = await s.waitVisible('input[data-test="ledger-history-received"], [data-test="ledger-history-received"] input')
    assert.equal(await s.exec(`return pickerInput('[data-test="ledger-history-received"]').value`.replace('pickerInput', PICKER_INPUT)), '2025年9月3日')
    await s.click(input)
    await s.clickVisible('.el-date-table td.available:not(.prev-month):not(.next-month) .el-date-table-cell__text', '4')
    await s.waitFor(async () => (await messages(s)).includes('收到日期改为2025年9月4日（原为2025年9月3日）'), 'the corrected message')
    await s.screenshot(join(SHOTS, 'ledger-import-08-received-corrected.png'))
    const corrected = cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-08']).find((u) => u.unit === UNIT)
    assert.equal(corrected.received_on, '2025-09-04')
    assert.equal(corrected.on_time, true)
  })
  test('a department\'s 基本完成 is shown for decision and committed as decided; an edited title shows both texts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-words-'))
    const db = join(dir, 'taizhang.db')
    cli(db, ['sample'])
    const exported = exportLedger(db, UNIT, '2025-09', join(dir, 'out'))
    const file = join(dir, `${UNIT}_2025年09月_已填写.xlsx`)
    fillLedger(exported.file, file, '9月推进第{n}项工作。')
    const EDITED = '单位改写的任务名称：深化行政执法案卷评查'
    editLedgerRows(file, [{ row: 0, status: '基本完成' }, { row: 1, title: EDITED }])
    // The CLI's dry run names both: the word with its proposed status, the two titles.
    const dry = cli(db, ['ledger', 'import', '--dry-run', file, '--received', '2025-10-08', '--today', '2025-10-10'])
    const word = dry.files[0].status_words.find((/** @type {any} */ w) => w.status_text === '基本完成')
    assert.equal(word.status, 'in_progress')
    assert.equal(word.reading, 'mapped')
    const [edit] = dry.files[0].title_edits
    assert.equal(edit.theirs, EDITED)
    assert.ok(edit.ours && edit.ours !== EDITED, 'our title is given too')

    const s = await openLedgerImport(open, db, file, 'import-ledgers', { TAIZHANG_TODAY: '2025-10-10' })
    await s.waitVisible('[data-test="ledger-status-words"] [data-test="status-word-text"]', '基本完成')
    await s.waitVisible('[data-test="ledger-status-words"] [data-test="status-word-decide"]', '推进中', { contains: true })
    await s.waitVisible('[data-test="ledger-title-edits"] [data-test="title-theirs"]', EDITED, { contains: true })
    await s.waitVisible('[data-test="ledger-title-edits"] [data-test="title-ours"]', edit.ours, { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-09-words-proposed.png'))
    await s.choose('[data-test="ledger-status-words"] [data-test="status-word-decide"]', '已完成')
    await s.screenshot(join(SHOTS, 'ledger-import-10-words-decided.png'))
    const before = cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-09']).find((/** @type {any} */ u) => u.unit === UNIT)
    assert.equal(before.reported, false, 'nothing written before 确认导入')

    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    // Recorded as the clerk decided, not as the table proposed.
    const view = cli(db, ['ledger', 'consolidate', '--period', '2025-09'])
    const task = view.tasks.find((/** @type {any} */ t) => t.task_id === word.task_id)
    const mine = task.units.find((/** @type {any} */ u) => u.unit === UNIT)
    assert.equal(mine.status, 'done')
    // The department's own word is kept with the row.
    await nav(s, '导入记录')
    await s.clickVisible('[data-test="ledger-history"] .el-table__expand-icon')
    await s.clickVisible('[data-test="ledger-history-rows"]')
    await s.waitVisible('[data-test="read-rows-table"] .el-table__body', '基本完成', { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-import-11-words-read-rows.png'))
  })
})
