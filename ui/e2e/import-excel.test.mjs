// @ts-check
// End-to-end test of #10 in the real window: a 任务分解表 .xlsx as departments make them — a title
// row and a note above the header, section rows merged across the table, one lead unit merged
// down over two tasks, several units in one cell separated by 、 — goes through 导入 → preview →
// 确认导入 → the task list shows the tasks with their units → 撤销导入 in 导入记录 removes them.
// The workbook is fictional (示例县), written here with openpyxl; the file dialog is answered
// through TAIZHANG_E2E_PICK.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, nav, shownTaskCount, tempDb, undoNewestImport } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const TITLE = '示例县2026年政务公开和行政复议工作任务分解表'

/** The 任务分解表: title, note, header, two merged section rows, a lead unit merged down. */
function writeBreakdown(path) {
  execFileSync('python3', ['-c', `
import sys, openpyxl
from openpyxl.styles import Alignment
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '任务分解'
rows = [
  ['附件2'],
  ['${TITLE}'],
  ['说明：各牵头单位于每月5日前报送上月进展，配合单位配合牵头单位做好相关工作。'],
  ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'],
  ['一、推进政务公开标准化规范化'],
  [1, '编制政务公开事项目录并动态调整', '县政府办', '县司法局、县政数局', '2026年5月底前'],
  [2, '规范依申请公开办理流程', None, '县信访局', '全年'],
  ['二、加强行政复议能力建设'],
  [3, '开展行政复议案件质量评查', '县司法局', '各乡镇人民政府', '三季度'],
  [4, '推行行政复议调解和解', '县司法局', '县信访局、县人社局', '长期坚持'],
]
for r in rows: ws.append(r)
for rng in ['A1:E1', 'A2:E2', 'A3:E3', 'A5:E5', 'A8:E8', 'C6:C7']:
    ws.merge_cells(rng)
ws['C6'].alignment = Alignment(vertical='center')
ws.column_dimensions['B'].width = 36
wb.save(sys.argv[1])
`, path])
}

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

describe('导入 a 任务分解表 .xlsx in the desktop window', () => {
  test('preview shows sections, tasks and units; 确认导入 lists them with their units; 撤销导入 removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-xlsx-'))
    const file = join(dir, '任务分解表.xlsx')
    writeBreakdown(file)
    const db = tempDb('import-xlsx')
    cli(db, ['sample'])
    const plansBefore = cli(db, ['plan', 'list'])
    const app = await launch(db, { env: { TAIZHANG_E2E_PICK: file } })
    open.push(app.close)
    const { s } = app

    await nav(s, '导入')
    await s.clickVisible('[data-test="import-plan"]')
    await s.waitVisible('[data-test="plan-preview"]')
    const titles = () => s.exec(`return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`)
    await s.waitFor(async () => (await titles()).length === 4, 'the four tasks of the table')
    assert.deepEqual(await titles(), ['编制政务公开事项目录并动态调整', '规范依申请公开办理流程', '开展行政复议案件质量评查', '推行行政复议调解和解'])
    assert.equal(await s.exec(`return document.querySelector('input[data-test="draft-title"]').value`), TITLE)
    const sections = await s.exec(`return [...document.querySelectorAll('.plan-preview .section-label')].map((e) => e.innerText.trim())`)
    assert.equal(sections.length, 2, JSON.stringify(sections))
    assert.match(sections[0], /推进政务公开标准化规范化/)
    assert.match(sections[1], /加强行政复议能力建设/)
    // each task row's chosen units, as the preview's selects show them (lead | co)
    const units = await s.exec(`
      return [...document.querySelectorAll('.plan-preview .draft-table .el-table__body tr')]
        .filter((tr) => tr.querySelector('textarea[data-test="draft-task-title"]'))
        .map((tr) => [...tr.querySelectorAll('.el-select')].slice(0, 2)
          .map((sel) => [...sel.querySelectorAll('.el-select__tags-text')].map((t) => t.innerText.trim()).filter(Boolean).join('、'))
          .join(' | '))`)
    assert.deepEqual(units, [
      '县政府办 | 县司法局、县政数局',
      '县政府办 | 县信访局', // the lead cell merged down over both tasks
      '县司法局 | 各乡镇人民政府',
      '县司法局 | 县信访局、县人社局',
    ])
    await s.screenshot(join(SHOTS, 'import-xlsx-01-preview.png'))
    assert.equal(cli(db, ['plan', 'list']).length, plansBefore.length, 'nothing written before 确认导入')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '任务清单')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await s.waitVisible('[data-test="task-row-title"]', '推行行政复议调解和解')
    assert.equal(await shownTaskCount(s), 4)
    const rows = await s.exec(`return [...document.querySelectorAll('.task-table .el-table__body tr')].map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim())`)
    assert.equal(rows.length, 4, JSON.stringify(rows))
    assert.match(rows[0], /编制政务公开事项目录并动态调整.*县政府办.*县司法局、县政数局/)
    assert.match(rows[1], /规范依申请公开办理流程.*县政府办.*县信访局/)
    assert.match(rows[3], /推行行政复议调解和解.*县司法局.*县信访局、县人社局/)
    await sleep(300)
    await s.screenshot(join(SHOTS, 'import-xlsx-02-tasks.png'))

    const plans = cli(db, ['plan', 'list'])
    const imported = plans.find((p) => !plansBefore.some((b) => b.id === p.id))
    assert.ok(imported, 'a new plan')
    assert.equal(imported.title, TITLE)
    const tasks = cli(db, ['task', 'list', '--plan', String(imported.id)])
    assert.deepEqual(tasks.map((t) => t.title), ['编制政务公开事项目录并动态调整', '规范依申请公开办理流程', '开展行政复议案件质量评查', '推行行政复议调解和解'])

    // 导入记录 → 撤销导入: the plan and its tasks are gone
    await undoNewestImport(s, '任务分解表.xlsx')
    assert.deepEqual(cli(db, ['plan', 'list']).map((p) => p.id), plansBefore.map((p) => p.id))
    await nav(s, '任务清单')
    await sleep(300)
    assert.equal(await s.exec(`return document.body.innerText.includes('推行行政复议调解和解')`), false)
  })
})
