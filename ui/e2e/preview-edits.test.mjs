// @ts-check
// The plan-import preview's tools in the real window: a fictional .docx the parser cannot read
// right (two tasks run together, a heading read as a task, units named only in the prose, a short
// form the directory does not know, traditional characters) is fixed entirely in the preview —
// 转为简体, 拆分 (sentence boundary and cursor), 设为标题, the 牵头/配合 chips, units for several
// tasks at once, 撤销, a unit mapped to the directory — then committed; `task list` must be the
// intended plan. The same document and edits are checked in the core by tests/preview.rs.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, tempDb } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const PARAGRAPHS = [
  '示例县2026年行政执法监督工作方案',
  '为提升全县行政执法水平，制定本方案。',
  '一、重点任务',
  '1.健全行政执法制度。完善行政执法公示制度，2026年6月底前完成。（牵头单位：县司法局；配合单位：县市场监管局）',
  '2.规范行政复议工作，提高案件办理质量。3.推进行政应诉规范化，落实行政机关负责人出庭应诉制度。（牵头单位：县司法局）',
  '4.强化执法监督',
  '开展行政执法案卷评查，2026年10月底前完成。（牵头单位：县司法局）',
  '5.推进公共法律服务体系建设，县司法局要会同县民政局建设服务站点，2026年9月底前完成。',
  '6.做好民族宗教事务领域依法治理，2026年12月底前完成。（牵头单位：县民宗局）',
  '7.加強鄉鎮綜合執法隊伍建設，2026年11月底前完成。（牽頭單位：縣司法局；配合單位：縣財政局）',
  '二、工作要求',
  '各责任单位于每月5日前向县司法局报送上月工作进展。',
]

const DIRECTORY = ['县司法局', '县市场监管局', '县民政局', '县民族宗教事务局', '县财政局']

/** The plan the clerk means: section code, code, title, lead, co, deadline of each task. */
const INTENDED = [
  ['一', '1', '健全行政执法制度', '县司法局', '县市场监管局', '2026年6月底前'],
  ['一', '2', '规范行政复议工作，提高案件办理质量', '县司法局', '县人民法院', ''],
  ['一', '3', '推进行政应诉规范化，落实行政机关负责人出庭应诉制度', '县司法局', '县人民法院', ''],
  ['4', '', '开展行政执法案卷评查，2026年10月底前完成', '县司法局', '', '2026年10月底前'],
  ['4', '5', '推进公共法律服务体系建设，县司法局要会同县民政局建设服务站点，2026年9月底前完成', '县司法局', '县民政局', '2026年9月底前'],
  ['4', '6', '做好民族宗教事务领域依法治理，2026年12月底前完成', '县民族宗教事务局', '', '2026年12月底前'],
  ['4', '7', '加强乡镇综合执法队伍建设，2026年11月底前完成', '县司法局', '县财政局', '2026年11月底前'],
]

/** A minimal .docx, one paragraph per line, written with Python's zipfile. */
function writeDocx(path, paragraphs) {
  execFileSync('python3', ['-c', `
import sys, json, zipfile
from xml.sax.saxutils import escape
paras = json.loads(sys.argv[2])
body = ''.join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p) for p in paras)
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s<w:sectPr/></w:body></w:document>' % body)
`, path, JSON.stringify(paragraphs)])
}

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

const TITLES = `return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`

/** The index among the task rows of the task whose title starts with `start`. */
const ROW_OF = `const start = arguments[0];
  return [...document.querySelectorAll('.plan-preview tr.draft-task')]
    .findIndex((tr) => tr.querySelector('textarea[data-test="draft-task-title"]')?.value.startsWith(start))`

describe('the plan-import preview fixes what the parser missed', () => {
  test('a broken .docx fixed with the preview tools is imported as the plan intended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '示例县行政执法监督工作方案.docx')
    writeDocx(file, PARAGRAPHS)
    const db = tempDb('preview-edits')
    for (const name of DIRECTORY) cli(db, ['unit', 'add', '--name', name])
    const app = await launch(db, { env: { TAIZHANG_TODAY: '2026-03-02', TAIZHANG_E2E_PICK: file } })
    open.push(app.close)
    const { s } = app
    const shot = (name) => s.screenshot(join(SHOTS, `preview-edits-${name}.png`))

    // The county's first plan: the first-run dialog's 导入方案文件 opens the file's preview.
    await s.waitVisible('.first-run', '欢迎使用', { contains: true })
    await s.clickVisible('[data-test="import-plan-first"]')
    await s.waitVisible('[data-test="plan-preview"]', null, { timeoutMs: 60_000 })
    await s.waitFor(async () => !(await s.visible('.first-run')), 'the first-run dialog to close', 30_000)
    await s.waitFor(async () => (await s.exec(TITLES)).length === 6, 'the six tasks the parser found').catch(async (e) => {
      await shot('00-failed')
      throw new Error(`${e}: ${JSON.stringify(await s.exec(TITLES))}`)
    })
    await s.waitVisible('[data-test="draft-traditional"]')
    await shot('01-as-parsed')

    /** Clicks `css` inside the task row whose title starts with `start`. */
    const inRow = async (start, css) => {
      const el = await s.waitFor(
        () => s.exec(`const i = (() => { ${ROW_OF} })(); if (i < 0) return null; return document.querySelectorAll('.plan-preview tr.draft-task')[i].querySelector(arguments[1])`, [start, css]),
        `${css} in the row “${start}”`,
      )
      await s.exec('arguments[0].scrollIntoView({ block: "center" })', [el])
      // A dialog or popper closing may still cover the row for a moment.
      for (let attempt = 0; ; attempt++) {
        try {
          await s.click(el)
          return
        } catch (e) {
          if (attempt >= 20 || !String(e).includes('intercepted')) throw e
          await sleep(150)
        }
      }
    }
    const hasTitle = async (title) => (await s.exec(TITLES)).includes(title)

    // 转为简体, then 撤销 and again: the draft goes back and forth.
    await s.clickVisible('[data-test="draft-to-simplified"]')
    await s.waitFor(() => hasTitle('加强乡镇综合执法队伍建设，2026年11月底前完成'), 'the title in simplified characters')
    await s.clickVisible('[data-test="draft-undo"]')
    await s.waitFor(() => hasTitle('加強鄉鎮綜合執法隊伍建設，2026年11月底前完成'), '撤销 gives the traditional title back')
    await s.clickVisible('[data-test="draft-to-simplified"]')
    await s.waitFor(() => hasTitle('加强乡镇综合执法队伍建设，2026年11月底前完成'), 'simplified again')
    assert.equal(await s.visible('[data-test="draft-traditional"]'), null, 'no traditional text left')

    // Two tasks run together: split where "3." starts, chosen in the dialog.
    await inRow('规范行政复议工作', '[data-test="draft-task-split"]')
    await s.waitVisible('[data-test="draft-split-dialog"]')
    await s.clickVisible('[data-test="draft-split-choice"]', '3.推进行政应诉', { contains: true })
    await shot('02-split-dialog')
    await s.clickVisible('[data-test="draft-split-confirm"]')
    await s.waitFor(() => hasTitle('推进行政应诉规范化，落实行政机关负责人出庭应诉制度'), 'task 3 split off')

    // A heading read with the item below it: split at the cursor (start of its requirements),
    // then 设为标题.
    await inRow('强化执法监督', '.el-table__expand-icon')
    const req = await s.waitVisible('textarea[data-test="draft-task-requirements"]')
    await s.click(req)
    await s.exec(`const t = arguments[0]; t.focus(); t.setSelectionRange(0, 0); t.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }))`, [req])
    await inRow('强化执法监督', '[data-test="draft-task-split"]')
    await s.waitVisible('[data-test="draft-split-cursor"]', '光标处', { contains: true })
    await s.clickVisible('[data-test="draft-split-cursor"]')
    await s.clickVisible('[data-test="draft-split-confirm"]')
    await s.waitFor(() => hasTitle('开展行政执法案卷评查，2026年10月底前完成'), 'the item split from its heading')
    await inRow('强化执法监督', '[data-test="draft-task-promote"]')
    await s.waitVisible('[data-test="draft-section"]', '4、强化执法监督')
    assert.equal(await s.exec(TITLES).then((t) => t.includes('强化执法监督')), false, 'no longer a task')
    await shot('03-heading-promoted')

    // Units named only in the prose: one click each.
    await inRow('推进公共法律服务', '[data-unit="县司法局"] [data-test="draft-chip-lead"]')
    await s.waitFor(async () => (await s.exec(`const i = (() => { ${ROW_OF} })(); return document.querySelectorAll('.plan-preview tr.draft-task')[i].querySelector('[data-test="draft-task-lead"]').innerText`, ['推进公共法律服务'])).includes('县司法局'), 'the lead from the chip')
    await shot('04-chips')
    await inRow('推进公共法律服务', '[data-unit="县民政局"] [data-test="draft-chip-co"]')
    await s.waitFor(async () => (await s.exec(`const i = (() => { ${ROW_OF} })(); return document.querySelectorAll('.plan-preview tr.draft-task')[i].querySelector('[data-test="draft-text-units"]')`, ['推进公共法律服务'])) === null, 'no chip left on that task')

    // Several tasks at once: tick 2 and 3, add a co-operating unit the directory lacks.
    await inRow('规范行政复议工作', '.el-checkbox')
    await inRow('推进行政应诉规范化', '.el-checkbox')
    await s.waitVisible('[data-test="draft-selected"]', '已选 2 项')
    await s.clickVisible('[data-test="draft-bulk-units"] .el-select__wrapper')
    const picker = await s.waitFor(() => s.exec(`return document.querySelector('[data-test="draft-bulk-units"] input')`), 'the picker input')
    await s.type(picker, '县人民法院')
    await s.waitVisible('.el-select-dropdown__item', '县人民法院')
    await s.type(picker, '\uE007')
    await s.waitFor(async () => (await s.exec(`return document.querySelector('[data-test="draft-bulk-units"]').innerText`)).includes('县人民法院'), 'the new name in the picker')
    await shot('05-bulk-bar')
    await s.clickVisible('[data-test="draft-bulk-co"]')
    await s.waitFor(async () => (await s.exec(`return [...document.querySelectorAll('[data-test="draft-task-co"]')].filter((e) => e.innerText.includes('县人民法院')).length`)) === 2, 'co on both tasks')

    // 清除单位 by mistake, and 撤销.
    await inRow('健全行政执法制度', '.el-checkbox')
    await s.clickVisible('[data-test="draft-bulk-clear"]')
    const leadOfFirst = `return document.querySelectorAll('[data-test="draft-task-lead"]')[0].innerText`
    await s.waitFor(async () => !(await s.exec(leadOfFirst)).includes('县司法局'), 'units cleared')
    await s.clickVisible('[data-test="draft-undo"]')
    await s.waitFor(async () => (await s.exec(leadOfFirst)).includes('县司法局'), '撤销 gives the units back')

    // The short form 县民宗局 is the directory's 县民族宗教事务局.
    await s.clickVisible('.plan-preview .el-tabs__item', '责任单位', { contains: true })
    await s.choose('[data-test="draft-units"] .map-cell[data-unit="县民宗局"] .el-select', '县民族宗教事务局')
    await s.waitVisible('[data-test="draft-unit-alias"]', '县民宗局', { contains: true })
    await shot('06-unit-mapped')
    await s.clickVisible('.plan-preview .el-tabs__item', '任务', { contains: true })
    await shot('07-fixed')
    assert.deepEqual(cli(db, ['plan', 'list']), [], 'nothing written before 确认导入')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '任务清单')
    await sleep(300)
    await shot('08-task-list')

    const tasks = cli(db, ['task', 'list'])
    const got = tasks.map((t) => [t.section, t.code, t.title, t.lead_units.join('、'), [...t.co_units, ...t.responsible_units].join('、'), t.deadline_text])
    assert.deepEqual(got, INTENDED)
    const units = cli(db, ['unit', 'list'])
    assert.deepEqual(units.find((u) => u.name === '县民族宗教事务局')?.aliases, ['县民宗局'])
    assert.deepEqual(units.map((u) => u.name).sort(), [...DIRECTORY, '县人民法院'].sort())
  })
  test('adjacent tasks merged with the deadline chosen; a heading made and unmade; 撤销', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '示例县普法工作方案.docx')
    writeDocx(file, [
      '示例县2026年普法工作方案',
      '一、重点任务',
      '1.开展宪法宣传活动。组织集中宣传，2026年6月底前完成。（牵头单位：县司法局）',
      '2.推进宪法进机关。组织干部学法，2026年12月底前完成。（牵头单位：县委组织部；配合单位：县司法局）',
      '3.加强青少年法治教育。开展法治进校园，2026年9月底前完成。（牵头单位：县教育局）',
      '二、工作要求',
      '各责任单位于每月5日前向县司法局报送上月工作进展。',
    ])
    const db = tempDb('preview-merge')
    for (const name of ['县司法局', '县委组织部', '县教育局']) cli(db, ['unit', 'add', '--name', name])
    const app = await launch(db, { env: { TAIZHANG_TODAY: '2026-03-02', TAIZHANG_E2E_PICK: file } })
    open.push(app.close)
    const { s } = app
    const shot = (name) => s.screenshot(join(SHOTS, `preview-edits-${name}.png`))
    await s.waitVisible('.first-run', '欢迎使用', { contains: true })
    await s.clickVisible('[data-test="import-plan-first"]')
    await s.waitVisible('[data-test="plan-preview"]', null, { timeoutMs: 60_000 })
    await s.waitFor(async () => !(await s.visible('.first-run')), 'the first-run dialog to close', 30_000)
    await s.waitFor(async () => (await s.exec(TITLES)).length === 3, 'the three tasks')
    const tick = async (i) => {
      const box = await s.waitFor(() => s.exec(`return document.querySelectorAll('.plan-preview tr.draft-task')[arguments[0]]?.querySelector('.el-checkbox')`, [i]), `the checkbox of task ${i + 1}`)
      await s.click(box)
    }

    // 设为标题, 降为任务, and 撤销 of each.
    const promote = `document.querySelectorAll('[data-test="draft-task-promote"]')[2].click()`
    const demoteLast = `const b = document.querySelectorAll('[data-test="draft-section-demote"]'); b[b.length - 1].click()`
    await s.waitFor(() => s.exec(`return document.querySelectorAll('[data-test="draft-task-promote"]').length === 3`), 'the row tools')
    await s.exec(promote)
    await s.waitVisible('[data-test="draft-section"]', '3、加强青少年法治教育', { contains: true })
    await shot('11-promoted')
    await s.exec(demoteLast)
    await s.waitFor(async () => (await s.exec(TITLES)).length === 3 && !(await s.visible('[data-test="draft-section"]', '3、加强青少年法治教育', { contains: true })), 'the heading a task again')
    await s.clickVisible('[data-test="draft-undo"]')
    await s.waitVisible('[data-test="draft-section"]', '3、加强青少年法治教育', { contains: true })
    await s.clickVisible('[data-test="draft-undo"]')
    await s.waitFor(async () => (await s.exec(TITLES)).length === 3 && !(await s.visible('[data-test="draft-section"]', '3、加强青少年法治教育', { contains: true })), '撤销 of 设为标题')

    // Merge 1 and 2: their deadlines differ, so the dialog asks.
    await tick(0)
    await tick(1)
    await s.clickVisible('[data-test="draft-bulk-merge"]')
    await s.waitVisible('[data-test="draft-merge-dialog"]')
    // the dialog opens animated: click until the choice is taken
    await s.waitFor(async () => {
      if (await s.visible('[data-test="draft-merge-dialog"] .el-radio.is-checked', '2026年12月底前')) return true
      await s.clickVisible('[data-test="draft-merge-dialog"] .el-radio', '2026年12月底前')
      await sleep(200)
      return false
    }, 'the deadline 2026年12月底前 chosen')
    await shot('12-merge-dialog')
    await s.clickVisible('[data-test="draft-merge-confirm"]')
    await s.waitFor(async () => (await s.exec(TITLES)).length === 2, 'two tasks after the merge')
    assert.equal((await s.exec(TITLES))[0], '开展宪法宣传活动；推进宪法进机关')
    await shot('13-merged')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '任务清单')
    const tasks = cli(db, ['task', 'list'])
    assert.deepEqual(
      tasks.map((t) => [t.section, t.code, t.title, t.lead_units.join('、'), t.co_units.join('、'), t.deadline_text]),
      [
        ['一', '1', '开展宪法宣传活动；推进宪法进机关', '县司法局、县委组织部', '', '2026年12月底前'],
        ['一', '3', '加强青少年法治教育', '县教育局', '', '2026年9月底前'],
      ],
    )
  })
})
