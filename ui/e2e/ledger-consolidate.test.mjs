// @ts-check
// End-to-end tests of the returned ledgers in the real window, checked against the CLI:
//   - a newer file for a unit that already reported: 保留原报送, then 替换 (the older kept in
//     history);
//   - a hand-made ledger without a 填报单位 line: the unit chosen from the list, one doubtful
//     title match confirmed and one rejected;
//   - a folder with a junk .xlsx, an encrypted workbook and another plan's ledger among good
//     ones: a Chinese message per bad file, the good ones imported;
//   - 汇总查看: the numbers `ledger status` gives, 复制上期, the previous text, a task's history.
// All files are fictional (示例县), written here: exports of the sample plan filled in with
// openpyxl, hand-made tables, and a compound file with Office's encryption streams.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, messages, nav, workbookCells } from './lib/app.mjs'
import { exportLedger, fillLedger, openLedgerImport } from './lib/ledger.mjs'

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
  delete process.env.TAIZHANG_E2E_PICK
})

/** A fresh folder with the sample plan's database. */
function sampleDb(name) {
  const dir = mkdtempSync(join(tmpdir(), `taizhang-e2e-${name}-`))
  const db = join(dir, 'taizhang.db')
  cli(db, ['sample'])
  return { dir, db }
}

/**
 * A hand-made ledger: a title naming the month, no 填报单位 line, 工作任务 / 工作进展 / 完成状态.
 * @param {string} path @param {string} title @param {Array<[string, string]>} rows
 */
function handMade(path, title, rows) {
  execFileSync('python3', ['-c', `
import json, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '台账'
ws.append([sys.argv[2]])
ws.append(['工作任务', '工作进展', '完成状态'])
for task, text in json.loads(sys.argv[3]):
    ws.append([task, text, '推进中'])
wb.save(sys.argv[1])
`, path, title, JSON.stringify(rows)])
}

/**
 * A password-protected workbook as Excel and WPS save it: an OLE compound file holding the
 * EncryptionInfo and EncryptedPackage streams (4 KiB each, so both live in regular sectors).
 * @param {string} path
 */
function encryptedWorkbook(path) {
  const SECTOR = 512
  const END = 0xfffffffe
  const FREE = 0xffffffff
  const NONE = 0xffffffff
  const streams = [
    { name: 'EncryptionInfo', first: 2, size: 4096 },
    { name: 'EncryptedPackage', first: 10, size: 4096 },
  ]
  const buf = Buffer.alloc(SECTOR * 19)
  // header
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(buf, 0)
  buf.writeUInt16LE(0x3e, 0x18)
  buf.writeUInt16LE(3, 0x1a)
  buf.writeUInt16LE(0xfffe, 0x1c)
  buf.writeUInt16LE(9, 0x1e)
  buf.writeUInt16LE(6, 0x20)
  buf.writeUInt32LE(1, 0x2c) // one FAT sector
  buf.writeUInt32LE(1, 0x30) // the directory in sector 1
  buf.writeUInt32LE(0x1000, 0x38)
  buf.writeUInt32LE(END, 0x3c)
  buf.writeUInt32LE(END, 0x44)
  buf.writeUInt32LE(0, 0x4c) // the FAT in sector 0
  for (let i = 1; i < 109; i++) buf.writeUInt32LE(FREE, 0x4c + 4 * i)
  const sector = (i) => SECTOR * (i + 1)
  // FAT: itself, the directory, then each stream's chain of 8 sectors
  const fat = new Array(SECTOR / 4).fill(FREE)
  fat[0] = 0xfffffffd
  fat[1] = END
  for (const s of streams) {
    for (let i = 0; i < 8; i++) fat[s.first + i] = i === 7 ? END : s.first + i + 1
  }
  fat.forEach((v, i) => buf.writeUInt32LE(v, sector(0) + 4 * i))
  // directory: root → EncryptionInfo, its right sibling EncryptedPackage (shorter names first)
  const entry = (i, name, type, { right = NONE, child = NONE, start = END, size = 0 } = {}) => {
    const at = sector(1) + 128 * i
    const utf16 = Buffer.from(`${name}\0`, 'utf16le')
    utf16.copy(buf, at)
    buf.writeUInt16LE(utf16.length, at + 0x40)
    buf.writeUInt8(type, at + 0x42)
    buf.writeUInt8(1, at + 0x43) // black
    buf.writeUInt32LE(NONE, at + 0x44)
    buf.writeUInt32LE(right, at + 0x48)
    buf.writeUInt32LE(child, at + 0x4c)
    buf.writeUInt32LE(start, at + 0x74)
    buf.writeUInt32LE(size, at + 0x78)
  }
  entry(0, 'Root Entry', 5, { child: 1 })
  entry(1, streams[0].name, 2, { right: 2, start: streams[0].first, size: streams[0].size })
  entry(2, streams[1].name, 2, { start: streams[1].first, size: streams[1].size })
  for (const s of streams) buf.fill(0x5a, sector(s.first), sector(s.first) + s.size)
  writeFileSync(path, buf)
}

/** @param {string} db @param {string} unit @param {string} period */
const statusOf = (db, unit, period = '2025-09') =>
  cli(db, ['ledger', 'status', '--plan', '1', '--period', period]).find((/** @type {{unit: string}} */ u) => u.unit === unit)

/** The text of the preview card of the file named `name`. @param {import('./lib/webdriver.mjs').Session} s @param {string} name */
const cardText = (s, name) =>
  s.exec(
    `for (const c of document.querySelectorAll('[data-test="ledger-file"]'))
       if (c.querySelector('.file-name')?.textContent === arguments[0]) return c.innerText;
     return null`,
    [name],
  )

/** The first task shown on the page of 汇总查看. @param {import('./lib/webdriver.mjs').Session} s */
const firstTask = (s) => s.exec(`return document.querySelector('[data-test="consolidated-task"]')?.dataset.task ?? ''`)

/** Waits until 汇总查看 has no loading mask left (it fades out over the pager). @param {import('./lib/webdriver.mjs').Session} s */
const settled = (s) => s.waitFor(async () => !(await s.visible('.consolidated-page .el-loading-mask')), '汇总查看 loaded')

/** Turns 汇总查看 to its next page; false on the last. @param {import('./lib/webdriver.mjs').Session} s */
async function nextPage(s) {
  await settled(s)
  const next = await s.visible('[data-test="consolidated-pager"] .btn-next:not([disabled])')
  if (!next) return false
  const before = await firstTask(s)
  await s.exec('arguments[0].click()', [next]) // see pageWith
  await s.waitFor(async () => (await firstTask(s)) !== before, 'the next page of 汇总查看')
  return true
}

/**
 * Every report row of 汇总查看 as [unit, change], page after page (the page shows 20 tasks at a
 * time); ends on the last page.
 * @param {import('./lib/webdriver.mjs').Session} s
 */
async function allRows(s) {
  /** @type {string[][]} */
  const rows = []
  do {
    rows.push(...(await s.exec(`return [...document.querySelectorAll('[data-test="consolidated-row"]')].map((r) => [r.dataset.unit, r.dataset.change])`)))
  } while (await nextPage(s))
  return rows
}

/** Turns 汇总查看 from its first page to the one showing `css`. @param {import('./lib/webdriver.mjs').Session} s @param {string} css */
async function pageWith(s, css) {
  await settled(s)
  const first = await s.visible('[data-test="consolidated-pager"] .el-pager li', '1')
  if (first) {
    const before = await firstTask(s)
    // a click in the page: the pager sits at the bottom, where WebDriver's click can land on the edge of the window
    await s.exec('arguments[0].click()', [first])
    await s.waitFor(async () => (await firstTask(s)) !== before || !!(await s.visible(css)), 'the first page of 汇总查看')
  }
  while (!(await s.visible(css))) if (!(await nextPage(s))) throw new Error(`no page of 汇总查看 shows ${css}`)
  await settled(s)
}

describe('returned ledgers in the desktop window', () => {
  test('a newer file for a unit that already reported: 保留原报送, then 替换 keeps the older in history', async () => {
    const { dir, db } = sampleDb('ledger-replace')
    const UNIT = '县财政局'
    const { file: exported, tasks } = exportLedger(db, UNIT, '2025-09', join(dir, 'out'))
    const first = join(dir, `${UNIT}_9月_初稿.xlsx`)
    const second = join(dir, `${UNIT}_9月_修改稿.xlsx`)
    fillLedger(exported, first, '初稿：9月召开专题会议，完成第{n}项')
    fillLedger(exported, second, '修改稿：9月已完成第{n}项任务并报送材料')
    const imported = cli(db, ['ledger', 'import', first])
    assert.equal(typeof imported.batch, 'number', 'the first report imported with the CLI')
    const before = statusOf(db, UNIT)
    assert.equal(before.reported, true)

    const s = await openLedgerImport(open, db, second)
    await s.waitVisible('[data-test="ledger-conflict"]', `${UNIT}本期已报送过`, { contains: true })
    assert.match(String(await cardText(s, `${UNIT}_9月_修改稿.xlsx`)), /县财政局_9月_初稿\.xlsx/, 'the conflict names the earlier file')

    // 保留原报送: nothing is written.
    await s.clickVisible('[data-test="ledger-conflict"] .el-radio', '保留原报送')
    await s.screenshot(join(SHOTS, 'ledger-consolidate-01-conflict-keep.png'))
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitFor(async () => (await messages(s)).includes(`已保留${UNIT}的原报送`), 'the kept message')
    let batches = cli(db, ['import', 'list'])
    assert.equal(batches.length, 1, 'keep: no new batch')
    assert.equal(batches[0].files[0].file_name, `${UNIT}_9月_初稿.xlsx`)
    assert.equal(batches[0].files[0].superseded, false, 'keep: the first report stays current')
    assert.deepEqual(statusOf(db, UNIT), before, 'keep: the status is unchanged')

    // 替换: the newer file becomes current, the older stays in history.
    await s.clickVisible('[data-test="ledger-conflict"] .el-radio', '替换（原报送保留在历史中）')
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    batches = cli(db, ['import', 'list'])
    assert.equal(batches.length, 2, 'replace: a second batch')
    const [newer, older] = batches
    assert.equal(newer.files[0].file_name, `${UNIT}_9月_修改稿.xlsx`)
    assert.equal(newer.files[0].superseded, false)
    assert.equal(newer.files[0].replaced_submission, older.files[0].submission_id, 'the newer replaced the older')
    assert.equal(older.files[0].superseded, true, 'the older is kept, marked as replaced')
    const after = statusOf(db, UNIT)
    assert.equal(after.reported, true)
    assert.equal(after.rows, tasks)

    // 查看汇总 from the notice: the task's history shows both reports of September.
    await s.clickVisible('.import-notice .import-view-button', '查看汇总')
    await s.waitVisible('.page-title', '汇总查看')
    await s.waitVisible('[data-test="consolidated-row"][data-unit="县财政局"]', '修改稿：9月已完成第1项', { contains: true })
    await s.clickVisible(`[data-test="consolidated-task"]:has([data-unit="${UNIT}"]) [data-test="task-history"]`)
    await s.waitVisible('[data-test="history-entry"]', '已被新报送替换', { contains: true })
    const entries = await s.exec(`return [...document.querySelectorAll('[data-test="history-entry"]')].map((e) => e.innerText)`)
    assert.equal(entries.length, 2, 'both September reports in the history')
    assert.match(entries[0], /修改稿/, 'the current report first')
    assert.ok(entries.some((e) => e.includes('初稿') && e.includes('已被新报送替换')), 'the older report marked as replaced')
    await s.screenshot(join(SHOTS, 'ledger-consolidate-02-replaced-history.png'))
  })

  test('a hand-made ledger: the unit chosen from the list, one doubtful match confirmed and one rejected', async () => {
    const { dir, db } = sampleDb('ledger-doubtful')
    const file = join(dir, '九月工作台账.xlsx')
    handMade(file, '2025年9月重点工作推进台账', [
      ['落实政府常务会议会前学法制度', '9月常务会议会前学法2次'],
      ['推进政务公开标准化规范化', '更新政务公开目录'],
      ['重大行政决策目录编制', '目录已报县政府审定'],
      ['规范性文件清理工作', '这一行不是方案中的任务'],
    ])

    const s = await openLedgerImport(open, db, file)
    await s.waitVisible('[data-test="ledger-error"]', '无法确定', { contains: true })

    // The unit from the directory's list (filterable).
    await s.clickVisible('[data-test="ledger-unit-select"]')
    const input = await s.waitVisible('[data-test="ledger-unit-select"] input')
    await s.type(input, '政府办')
    await s.clickVisible('.el-select-dropdown__item', '县政府办')
    await s.waitVisible('[data-test="ledger-unit"]', '县政府办', { contains: true })
    await s.waitVisible('[data-test="ledger-unit"]', '手动选择', { contains: true })
    await s.waitVisible('[data-test="ledger-doubtful"]')
    const doubtful = await s.exec(`return [...document.querySelectorAll('[data-test="ledger-doubtful"] .el-table__body tr')].map((r) => r.innerText)`)
    assert.equal(doubtful.length, 2, `two doubtful rows: ${JSON.stringify(doubtful)}`)
    assert.ok(doubtful.some((r) => r.includes('重大行政决策目录编制') && r.includes('编制并公布年度重大行政决策事项目录')))
    assert.ok(doubtful.some((r) => r.includes('规范性文件清理工作') && r.includes('开展行政规范性文件专项清理')))

    // Confirm the first, leave the second unticked (rejected).
    await s.exec(
      `for (const r of document.querySelectorAll('[data-test="ledger-doubtful"] .el-table__body tr'))
         if (r.innerText.includes('重大行政决策目录编制')) r.querySelector('[data-test="doubtful-confirm"] input').click()`,
    )
    await s.waitFor(
      () => s.exec(`return document.querySelectorAll('[data-test="ledger-doubtful"] .el-checkbox.is-checked').length === 1`),
      'one doubtful row ticked',
    )
    await s.screenshot(join(SHOTS, 'ledger-consolidate-03-doubtful.png'))
    await s.clickVisible('[data-test="ledger-commit"]')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })

    const [batch] = cli(db, ['import', 'list'])
    assert.equal(batch.files[0].unit, '县政府办')
    assert.equal(batch.files[0].matched, 3, 'two sure rows and the confirmed one')
    assert.equal(batch.files[0].unmatched, 1, 'the rejected row is not imported')
    assert.equal(statusOf(db, '县政府办').rows, 3)

    // The confirmed row went to its task, the rejected one to none.
    await nav(s, '汇总查看')
    const rowOf = (title) =>
      s.exec(
        `for (const t of document.querySelectorAll('[data-test="consolidated-task"]'))
           if (t.querySelector('.task-title')?.textContent === arguments[0])
             return [...t.querySelectorAll('[data-test="consolidated-row"]')].map((r) => r.innerText).join('\\n');
         return null`,
        [title],
      )
    await s.waitVisible('[data-test="consolidated-task"]')
    assert.match(String(await rowOf('编制并公布年度重大行政决策事项目录')), /县政府办[\s\S]*目录已报县政府审定/)
    assert.equal(await rowOf('开展行政规范性文件专项清理'), '', 'nothing reported on the rejected task')
  })

  test('a folder with a junk file, an encrypted workbook and another plan’s ledger: messages per file, the good ones import', async () => {
    const { dir, db } = sampleDb('ledger-bad')
    const folder = join(dir, '收到的台账')
    mkdirSync(folder)
    const good = ['县委办', '县发改局']
    for (const unit of good) {
      const { file } = exportLedger(db, unit, '2025-09', join(dir, 'out'))
      fillLedger(file, join(folder, `${unit}.xlsx`), `${unit}9月：按计划推进第{n}项`)
    }
    writeFileSync(join(folder, '乱码.xlsx'), 'this is not a workbook at all\n'.repeat(20))
    encryptedWorkbook(join(folder, '加密台账.xlsx'))
    // A ledger exported from another plan's database.
    const other = join(dir, 'other.db')
    cli(other, ['sample'])
    execFileSync('python3', ['-c', `import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE plan SET title = '示例县2026年依法行政示范创建工作方案'"); c.commit()`, other])
    const { file: foreign } = exportLedger(other, '县司法局', '2025-09', join(dir, 'other-out'))
    fillLedger(foreign, join(folder, '其他方案.xlsx'), '另一个方案的进展{n}')

    const s = await openLedgerImport(open, db, folder, 'import-ledger-folder')
    await s.waitFor(async () => (await s.exec(`return document.querySelectorAll('[data-test="ledger-file"]').length`)) === 5, 'five files in the preview')
    await s.waitVisible('.ledger-import .summary', '可导入 2 个', { contains: true })
    await s.waitVisible('.ledger-import .summary', '3 个无法导入', { contains: true })
    const expected = {
      '乱码.xlsx': '“乱码.xlsx”不是 Excel 工作簿',
      '加密台账.xlsx': '“加密台账.xlsx”设置了打开密码',
      '其他方案.xlsx': '是方案《示例县2026年依法行政示范创建工作方案》的台账，但数据库中没有这个方案',
    }
    for (const [name, message] of Object.entries(expected)) {
      const text = String(await cardText(s, name))
      assert.ok(text.includes('无法导入'), `${name} is marked 无法导入`)
      assert.ok(text.includes(message), `${name}: ${text}`)
    }
    for (const unit of good) assert.match(String(await cardText(s, `${unit}.xlsx`)), /可导入/)
    await s.screenshot(join(SHOTS, 'ledger-consolidate-04-bad-files.png'))
    await s.exec(`document.querySelector('[data-test="ledger-commit"]').scrollIntoView({ block: 'end' })`)
    await s.screenshot(join(SHOTS, 'ledger-consolidate-05-good-files.png'))
    await s.clickVisible('[data-test="ledger-commit"]', '确认导入（2 个文件）', { contains: true })
    await s.waitVisible('.import-notice', '导入完成', { contains: true })

    const batches = cli(db, ['import', 'list'])
    assert.equal(batches.length, 1)
    assert.deepEqual(batches[0].files.map((/** @type {{unit: string}} */ f) => f.unit).sort(), [...good].sort())
    for (const unit of good) assert.equal(statusOf(db, unit).reported, true, `${unit} reported`)
    assert.equal(statusOf(db, '县司法局').reported, false, 'the other plan’s ledger is not imported')
  })

  test('汇总查看 shows what `ledger status` gives, 复制上期, the previous text and a task’s history', async () => {
    const { dir, db } = sampleDb('ledger-consolidated')
    // August: three units report; September: 县委办 copies August (复制上期), 县财政局 copies
    // one of two rows, 县发改局 writes new text; 县人社局 reports only in September.
    const aug = {
      县委办: '8月组织理论学习中心组专题学法',
      县财政局: ['8月保障法治建设经费', '8月开展财政执法检查'],
      县发改局: '8月梳理重大项目决策事项{n}',
    }
    const sep = {
      县委办: aug.县委办,
      县财政局: [aug.县财政局[0], '9月完成财政执法案卷评查'],
      县发改局: '9月重大项目决策合法性审查完成{n}',
      县人社局: '9月开展劳动保障监察执法{n}',
    }
    // The files arrived before each due date (the clerk types the day they came).
    const arrived = { '2025-08': '2025-09-04', '2025-09': '2025-10-05' }
    for (const [period, texts] of /** @type {const} */ ([['2025-08', aug], ['2025-09', sep]])) {
      const files = []
      for (const [unit, text] of Object.entries(texts)) {
        const { file } = exportLedger(db, unit, period, join(dir, `out-${period}`))
        const filled = join(dir, `${unit}_${period}.xlsx`)
        fillLedger(file, filled, text)
        files.push(filled)
      }
      const r = cli(db, ['ledger', 'import', '--received', arrived[period], ...files])
      assert.equal(typeof r.batch, 'number', `${period} imported`)
    }
    const status = cli(db, ['ledger', 'status', '--plan', '1', '--period', '2025-09'])
    const reported = status.filter((/** @type {{reported: boolean}} */ u) => u.reported)
    assert.equal(reported.length, 4)

    const app = await launch(db)
    open.push(app.close)
    const { s } = app
    await nav(s, '汇总查看')
    await s.waitVisible('[data-test="consolidated-summary"]', '2025年9月', { contains: true })
    const count = (name) => s.exec(`return Number(document.querySelector('[data-test="count-${name}"]').textContent)`)
    assert.equal(await count('reported'), reported.length)
    assert.equal(await count('missing-units'), status.length - reported.length)
    const missingShown = await s.exec(`return document.querySelector('[data-test="missing-units"]').innerText`)
    for (const u of status.filter((/** @type {{reported: boolean}} */ u) => !u.reported)) assert.ok(missingShown.includes(u.unit), `${u.unit} listed as not reported`)

    // The status table is `ledger status`, unit by unit.
    await s.clickVisible('.status-collapse .el-collapse-item__header')
    await s.waitVisible('[data-test="unit-status"] .el-table__body td', '县委办')
    const table = await s.exec(`return [...document.querySelectorAll('[data-test="unit-status"] .el-table__body tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.innerText.trim()))`)
    assert.equal(table.length, status.length)
    for (const u of status) {
      const row = table.find((/** @type {string[]} */ r) => r[0] === u.unit)
      assert.ok(row, `${u.unit} in the status table: ${JSON.stringify(table.slice(0, 3))}`)
      assert.equal(row[1], u.reported ? '按时' : '未报')
      if (u.reported) assert.equal(u.on_time, true, `${u.unit} on time by its 收到日期`)
      assert.equal(row[2], u.reported ? '2025年10月5日' : '—', `${u.unit} 收到日期`)
      assert.equal(Number(row[4]), u.rows, `${u.unit} rows`)
      assert.equal(Number(row[5]), u.changed, `${u.unit} changed`)
    }
    await s.clickVisible('.status-collapse .el-collapse-item__header')
    await s.waitFor(async () => !(await s.visible('[data-test="unit-status"]')), 'the status table folded away')
    // 复制上期 per unit: the rows the CLI does not count as changed, over every page.
    const tags = await allRows(s)
    for (const u of reported) {
      const copied = tags.filter(([unit, change]) => unit === u.unit && change === 'unchanged').length
      const fresh = tags.filter(([unit, change]) => unit === u.unit && (change === 'new' || change === 'changed')).length
      assert.equal(copied, u.rows - u.changed, `${u.unit}: 复制上期 rows`)
      assert.equal(fresh, u.changed, `${u.unit}: new or changed rows`)
    }
    assert.equal(await count('unchanged'), reported.reduce((n, u) => n + u.rows - u.changed, 0))

    // The previous text on a click, and the filters.
    const changed = '[data-test="consolidated-row"][data-unit="县财政局"][data-change="changed"]'
    await pageWith(s, changed)
    await s.exec(`document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })`, [changed])
    await s.screenshot(join(SHOTS, 'ledger-consolidate-06-view.png'))
    await s.clickVisible(`${changed} td.text`)
    await s.waitVisible('[data-test="previous-row"]', '8月开展财政执法检查', { contains: true })
    await s.clickVisible('[data-test="consolidated-only-changed"]')
    await s.waitFor(
      () => s.exec(`const rows = [...document.querySelectorAll('[data-test="consolidated-row"]')];
                    return rows.length > 0 && rows.every((r) => r.dataset.change === 'new' || r.dataset.change === 'changed')`),
      'only new and changed reports',
    )
    await s.screenshot(join(SHOTS, 'ledger-consolidate-07-only-changed.png'))
    await s.clickVisible('[data-test="consolidated-only-changed"]')
    await s.choose('[data-test="consolidated-unit"]', '县委办')
    await s.waitFor(
      () => s.exec(`const rows = [...document.querySelectorAll('[data-test="consolidated-row"]')];
                    return rows.length === 1 && rows[0].dataset.unit === '县委办'`),
      'only 县委办',
    )
    await s.waitVisible('[data-test="consolidated-row"][data-unit="县委办"] [data-test="change-tag"]', '与上期相同（复制上期）')

    // The task's reports across periods.
    await s.clickVisible('[data-test="consolidated-task"] [data-test="task-history"]')
    await s.waitVisible('[data-test="history-period"]', '2025年8月', { contains: true })
    await s.waitVisible('[data-test="history-entry"]', '推进中', { contains: true })
    const periods = await s.exec(`return [...document.querySelectorAll('[data-test="history-period"] h4')].map((h) => h.textContent)`)
    assert.deepEqual(periods, ['2025年9月', '2025年8月'])
    await s.screenshot(join(SHOTS, 'ledger-consolidate-08-history.png'))
  })
  test('汇总查看 exports the workbook the CLI writes and prints on A4 landscape', async () => {
    const { dir, db } = sampleDb('ledger-consolidated-print')
    const files = []
    for (const [unit, text] of [['县财政局', '9月开展财政执法检查{n}'], ['县人社局', '9月开展劳动保障监察执法{n}']]) {
      const { file } = exportLedger(db, unit, '2025-09', join(dir, 'out'))
      const filled = join(dir, `${unit}_2025-09.xlsx`)
      fillLedger(file, filled, text)
      files.push(filled)
    }
    cli(db, ['ledger', 'import', '--received', '2025-10-05', ...files])
    const exportDir = join(dir, 'exports')
    mkdirSync(exportDir)
    const app = await launch(db, { env: { TAIZHANG_TODAY: '2025-10-12', TAIZHANG_EXPORT_DIR: exportDir } })
    open.push(app.close)
    const { s } = app
    await nav(s, '汇总查看')
    await s.waitVisible('[data-test="consolidated-summary"]', '2025年9月', { contains: true })

    // 导出 Excel: the same cells as `ledger consolidate --out`.
    await s.clickVisible('[data-test="consolidated-export"]')
    await s.waitVisible('[data-test="consolidated-export-done"]', null, { timeoutMs: 60_000 })
    const written = readdirSync(exportDir).filter((f) => f.endsWith('.xlsx'))
    assert.equal(written.length, 1, written.join(', '))
    assert.ok(written[0].endsWith('2025年9月各单位工作台账汇总.xlsx'), written[0])
    const cliOut = join(dir, 'cli.xlsx')
    cli(db, ['ledger', 'consolidate', '--period', '2025-09', '--today', '2025-10-12', '--out', cliOut])
    const fromWindow = workbookCells(join(exportDir, written[0]))
    assert.ok(fromWindow.includes('9月开展财政执法检查'), fromWindow.slice(0, 400))
    assert.equal(fromWindow, workbookCells(cliOut))

    // 打印预览: A4 landscape pages, every reported row on paper, the header on every page.
    await s.clickVisible('[data-test="consolidated-print"]')
    await s.waitVisible('[data-test="print-consolidated"] [data-test="print-title"]', '2025年9月各单位工作台账汇总', { timeoutMs: 20_000 })
    const view = cli(db, ['ledger', 'consolidate', '--period', '2025-09'])
    const rows = view.tasks.reduce((n, /** @type {{units: unknown[]}} */ t) => n + Math.max(1, t.units.length), 0)
    await s.waitFor(
      () => s.exec(`return document.querySelectorAll('.pages [data-test="consolidated-print-row"]').length`).then((n) => n === rows),
      'every row on paper, none twice',
    )
    const look = await s.exec(`const pages = [...document.querySelectorAll('.pages .page')];
      return { count: pages.length, landscape: pages.every((p) => p.getBoundingClientRect().width > p.getBoundingClientRect().height),
               headers: pages.every((p) => p.querySelector('thead th') !== null) }`)
    assert.ok(look.count >= 2, `${look.count} pages`)
    assert.ok(look.landscape, 'A4 landscape')
    assert.ok(look.headers, 'the header row on every page')
    await s.waitVisible('.pages [data-test="consolidated-print-note"]', '未报送单位', { contains: true })
    await s.screenshot(join(SHOTS, 'ledger-consolidate-09-print.png'))
  })
})
