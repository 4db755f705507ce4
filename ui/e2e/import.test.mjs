// @ts-check
// End-to-end tests of 导入 in the real window: a plan document and a 领导小组名单 go through
// preview (edited) → 确认导入 → the pages show them → 撤销导入. The files are fictional (示例县),
// written here. The native file dialog is replaced by TAIZHANG_E2E_PICK (read by the app's
// `import|pick` command; see src-tauri/src/commands/import.rs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, messages, nav, shownTaskCount, sql, tempDb, undoNewestImport } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const PLAN = `示例县人民政府办公室关于印发《示例县2026年依法行政示范创建工作方案》的通知
示政办发〔2026〕3号

各乡镇人民政府，县直各有关单位：
为深入推进依法行政示范创建工作，结合我县实际，制定本方案。

一、工作目标
到2026年底，全县行政决策、行政执法和行政复议工作规范化水平明显提升。

二、重点任务
（一）健全行政决策制度
1.完善重大行政决策程序。制定年度重大行政决策事项目录并向社会公布，落实公众参与、专家论证、风险评估等程序。2026年6月底前完成。（牵头单位：县司法局；配合单位：县政府办公室）
2.推行合法性审查全覆盖。乡镇人民政府和县直部门的规范性文件、重大合同一律经合法性审查。长期坚持。（牵头单位：县司法局；配合单位：各乡镇人民政府）
（二）规范行政执法行为
3.开展行政执法案卷评查。每半年组织一次执法案卷集中评查，通报评查结果。2026年10月底前完成。（县司法局牵头，县市场监管局、县农业农村局配合）
4.落实行政执法三项制度。执法部门全面推行公示、全过程记录和法制审核制度。2026年9月底前完成。
责任单位：县市场监管局、县交通运输局

三、工作步骤
（一）动员部署阶段（3月1日—3月31日）。制定工作方案，召开动员会议。
（二）组织实施阶段（4月1日—10月31日）。各责任单位按照任务分工抓好落实。
（三）总结评估阶段（11月1日—12月31日）。全面总结创建工作，形成总结报告。

四、工作要求
自4月份起，各责任单位于每月5日前向县依法治县办报送上月工作进展情况。
`

/** A plan whose units mix real units and 统称 (group phrases), as plans write them. */
const PHRASES_PLAN = `示例县2026年法治宣传教育工作方案
为深入开展法治宣传教育，制定本方案。
一、重点任务
（一）深化普法宣传
1.开展宪法宣传周活动。组织集中宣传，2026年12月底前完成。（县委宣传部、县司法局、县直各有关部门负责）
2.推进法治乡村建设。培育农村学法用法示范户，2026年10月底前完成。（县司法局牵头，县农业农村局、各乡镇配合）
二、工作要求
各单位于每月5日前报送上月进展。
`

/** A 领导小组名单 written with openpyxl: title row, header, role column, names padded. */
function writeRoster(path) {
  execFileSync('python3', ['-c', `
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '名单'
ws.append(['示例县依法行政示范创建工作领导小组成员名单'])
ws.merge_cells('A1:C1')
ws.append(['组内职务', '姓名', '职务'])
ws.append(['组长', '赵明远', '县人民政府县长'])
ws.append(['副组长', '钱 立新', '县人民政府副县长'])
ws.append(['成员', '孙海燕', '县司法局局长'])
ws.append(['成员', '李春华', '县市场监管局局长'])
wb.save(sys.argv[1])
`, path])
}

/** @type {Array<() => Promise<void>>} */
const open = []
/** Launches the app with the file dialog answered by `pick`. */
async function start(db, pick) {
  process.env.TAIZHANG_E2E_PICK = pick
  const app = await launch(db)
  open.push(app.close)
  return app
}
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
  delete process.env.TAIZHANG_E2E_PICK
})

describe('导入 in the desktop window', () => {
  test('a plan document: preview, edit a title, confirm, the task list shows it, undo removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '示例县依法行政示范创建工作方案.txt')
    writeFileSync(file, PLAN)
    const db = tempDb('import-plan')
    cli(db, ['sample'])
    const plansBefore = cli(db, ['plan', 'list'])
    const { s } = await start(db, file)

    await nav(s, '导入')
    await s.screenshot(join(SHOTS, 'import-01-page.png'))
    await s.clickVisible('[data-test="import-plan"]')
    await s.waitVisible('[data-test="plan-preview"]')
    await s.waitFor(
      async () => (await s.exec(`return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`)).length === 4,
      'the four tasks of the file',
    )
    const titles = await s.exec(`return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`)
    assert.deepEqual(titles, ['完善重大行政决策程序', '推行合法性审查全覆盖', '开展行政执法案卷评查', '落实行政执法三项制度'])
    assert.equal(await s.exec(`return document.querySelector('input[data-test="draft-title"]').value`), '示例县2026年依法行政示范创建工作方案')
    // the lead of task 4 is a guess (first unit of a 责任单位 line): shown as 推定
    await s.waitVisible('.plan-preview .el-tag', '推定')
    await s.screenshot(join(SHOTS, 'import-02-plan-preview.png'))
    assert.equal(cli(db, ['plan', 'list']).length, plansBefore.length, 'nothing written before 确认导入')

    // edit the first task's title in the preview
    const first = await s.waitVisible('textarea[data-test="draft-task-title"]')
    await s.click(first)
    // the click may land inside the (wrapped) title: type at its end
    await s.exec(`const t = document.querySelector('textarea[data-test="draft-task-title"]'); t.setSelectionRange(t.value.length, t.value.length)`)
    await s.type(first, '（修订）')
    await s.waitFor(async () => (await s.exec(`return document.querySelector('textarea[data-test="draft-task-title"]').value`)) === '完善重大行政决策程序（修订）', 'the edited title')

    await s.clickVisible('.plan-preview .el-tabs__item', '责任单位', { contains: true })
    await s.waitVisible('[data-test="draft-units"] .el-table__row')
    await s.screenshot(join(SHOTS, 'import-03-plan-units.png'))
    await s.clickVisible('.plan-preview .el-tabs__item', '工作步骤', { contains: true })
    await s.waitFor(
      async () => (await s.exec(`return [...document.querySelectorAll('.plan-preview input')].some((i) => i.value === '动员部署阶段')`)),
      'the phases of the file',
    )
    // the reporting window as the plan states it (自4月份起), shown and editable
    assert.equal(await s.exec(`return document.querySelector('[data-test="draft-rule-from"] input').value`), '2026年4月')
    assert.equal(await s.exec(`return document.querySelector('[data-test="draft-rule-until"] input').value`), '')
    await s.screenshot(join(SHOTS, 'import-04-plan-phases.png'))

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '任务清单')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await s.waitVisible('[data-test="task-row-title"]', '完善重大行政决策程序（修订）')
    assert.equal(await shownTaskCount(s), 4)
    await s.screenshot(join(SHOTS, 'import-05-tasks-after-import.png'))

    const plans = cli(db, ['plan', 'list'])
    assert.equal(plans.length, plansBefore.length + 1)
    const imported = plans.find((p) => !plansBefore.some((b) => b.id === p.id))
    assert.equal(imported.title, '示例县2026年依法行政示范创建工作方案')
    assert.equal(imported.report_rule.from, '2026-04')
    assert.equal(imported.report_rule.until, null)
    const tasks = cli(db, ['task', 'list', '--plan', String(imported.id)])
    assert.deepEqual(tasks.map((t) => t.title), ['完善重大行政决策程序（修订）', '推行合法性审查全覆盖', '开展行政执法案卷评查', '落实行政执法三项制度'])

    // 导入记录 → 撤销导入
    await undoNewestImport(s, '示例县依法行政示范创建工作方案.txt', join(SHOTS, 'import-06-history.png'))
    assert.deepEqual(cli(db, ['plan', 'list']).map((p) => p.id), plansBefore.map((p) => p.id))
    await nav(s, '任务清单')
    await sleep(300)
    assert.equal(await s.exec(`return document.body.innerText.includes('完善重大行政决策程序（修订）')`), false)
  })

  test('a plan saved by Word 97–2003 (.doc): the file dialog offers it, the preview shows its tasks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const text = join(dir, '示例县依法行政示范创建工作方案.txt')
    writeFileSync(text, PLAN)
    // LibreOffice writes the .doc (Word 97–2003) from the same text
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--infilter=Text (encoded):UTF8,LF,,,', '--convert-to', 'doc', '--outdir', dir, text], { stdio: 'ignore' })
    const db = tempDb('import-plan-doc')
    cli(db, ['sample'])
    const plansBefore = cli(db, ['plan', 'list'])
    const { s } = await start(db, join(dir, '示例县依法行政示范创建工作方案.doc'))

    await nav(s, '导入')
    await s.waitVisible('.choice-text .muted', '.doc', { contains: true })
    await s.clickVisible('[data-test="import-plan"]')
    await s.waitVisible('[data-test="plan-preview"]')
    await s.waitFor(
      async () => (await s.exec(`return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`)).length === 4,
      'the four tasks of the .doc',
    )
    const titles = await s.exec(`return [...document.querySelectorAll('textarea[data-test="draft-task-title"]')].map((t) => t.value)`)
    assert.deepEqual(titles, ['完善重大行政决策程序', '推行合法性审查全覆盖', '开展行政执法案卷评查', '落实行政执法三项制度'])
    assert.equal(await s.exec(`return document.querySelector('input[data-test="draft-title"]').value`), '示例县2026年依法行政示范创建工作方案')
    await s.screenshot(join(SHOTS, 'import-02b-plan-preview-doc.png'))
    assert.equal(cli(db, ['plan', 'list']).length, plansBefore.length, 'nothing written before 确认导入')
  })

  test('units on a task: (A、B、C负责) in the 责任单位 column; a 统称 expanded in the preview and later on the task', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '示例县法治宣传教育工作方案.txt')
    writeFileSync(file, PHRASES_PLAN)
    const db = tempDb('import-phrases')
    cli(db, ['sample'])
    const { s } = await start(db, file)

    await nav(s, '导入')
    await s.clickVisible('[data-test="import-plan"]')
    await s.waitVisible('[data-test="plan-preview"]')
    // The units of "(县委宣传部、县司法局、县直各有关部门负责)" show in the grid, row not expanded.
    const responsibleOf = (i) => `return document.querySelectorAll('[data-test="draft-task-responsible"]')[${i}]?.innerText ?? ''`
    await s.waitFor(async () => /县委宣传部[\s\S]*县司法局[\s\S]*县直各有关部门/.test(await s.exec(responsibleOf(0))), 'task 1 responsible units in the grid')
    await s.screenshot(join(SHOTS, 'import-09-phrases-grid.png'))

    // 责任单位 tab: 各乡镇 is a 统称, expanded into the directory's 乡镇 (proposed by the core).
    await s.clickVisible('.plan-preview .el-tabs__item', '责任单位', { contains: true })
    // The name is an input (editable), so the row is found by the input's value.
    const phraseRow = `[...document.querySelectorAll('[data-test="draft-units"] .el-table__row')]
      .find((r) => [...r.querySelectorAll('input')].some((i) => i.value === '各乡镇'))`
    await s.waitFor(async () => await s.exec(`return !!${phraseRow}?.querySelector('[data-test="draft-expand-phrase"]')`), 'the 各乡镇 row with 展开为单位')
    await s.screenshot(join(SHOTS, 'import-10-phrase-units.png'))
    await s.exec(`${phraseRow}.querySelector('[data-test="draft-expand-phrase"]').click()`)
    await s.waitVisible('[data-test="phrase-expand-dialog"]')
    await s.waitFor(
      async () => /示例镇[\s\S]*东河镇[\s\S]*西山乡/.test(await s.exec(`return document.querySelector('[data-test="phrase-expand-units"]')?.innerText ?? ''`)),
      'the townships proposed',
    )
    await s.screenshot(join(SHOTS, 'import-10-phrase-expand-dialog.png'))
    await s.clickVisible('[data-test="phrase-expand-confirm"]')
    await s.waitFor(async () => (await messages(s)).includes('展开为 3 个单位'), 'the expanded message')
    await s.clickVisible('.plan-preview .el-tabs__item', '任务', { contains: true })
    const coOf2 = `return [...document.querySelectorAll('.draft-task')][1]?.innerText ?? ''`
    await s.waitFor(async () => /示例镇/.test(await s.exec(coOf2)) && !(await s.exec(coOf2)).includes('各乡镇'), 'task 2 with the townships')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '任务清单')
    await s.waitVisible('[data-test="task-row-title"]', '开展宪法宣传周活动')
    const plan = cli(db, ['plan', 'list']).find((p) => p.title.includes('法治宣传教育'))
    const tasks = cli(db, ['task', 'list', '--plan', String(plan.id)])
    assert.deepEqual(tasks[1].co_units, ['县农业农村局', '示例镇', '东河镇', '西山乡'])
    assert.deepEqual(tasks[0].responsible_units, ['县委宣传部', '县司法局', '县直各有关部门'])
    assert.deepEqual(tasks[0].group_phrases, [{ phrase: '县直各有关部门', role: 'responsible' }])
    assert.ok(!cli(db, ['unit', 'list']).some((u) => u.name === '县直各有关部门' || u.name === '各乡镇'), 'no 统称 became a unit')

    // Later, on the task: 县直各有关部门 → two departments the clerk picks.
    await s.exec(`[...document.querySelectorAll('.task-table .el-table__row')]
      .find((r) => r.innerText.includes('开展宪法宣传周活动')).querySelector('[data-test="task-edit"]').click()`)
    await s.waitVisible('[data-test="task-phrases"]', '县直各有关部门', { contains: true })
    await s.screenshot(join(SHOTS, 'import-11-task-phrase.png'))
    await s.clickVisible('[data-test="task-expand-phrase"]')
    await s.waitVisible('[data-test="phrase-expand-dialog"]')
    await s.clickVisible('[data-test="phrase-expand-units"]')
    await s.clickVisible('.el-select-dropdown__item', '县财政局')
    await s.clickVisible('.el-select-dropdown__item', '县教育局')
    // close the dropdown (it covers the dialog's buttons) by clicking the dialog's text
    await s.clickVisible('[data-test="phrase-expand-dialog"] .el-dialog__title')
    await s.waitFor(async () => !(await s.exec(`return [...document.querySelectorAll('.el-select-dropdown')].some((d) => d.offsetParent !== null && d.innerText.includes('县教育局'))`)), 'the dropdown closed')
    await s.screenshot(join(SHOTS, 'import-12-task-phrase-chosen.png'))
    await s.clickVisible('[data-test="phrase-expand-confirm"]')
    await s.waitFor(async () => (await messages(s)).includes('已把“县直各有关部门”展开为具体单位'), 'the expanded message')
    const after = cli(db, ['task', 'list', '--plan', String(plan.id)])[0]
    assert.deepEqual(after.responsible_units, ['县委宣传部', '县司法局', '县财政局', '县教育局'])
    assert.deepEqual(after.group_phrases, [])
    // the 导入完成 notice sits over the drawer's footer: close the drawer by its ×
    await s.waitFor(async () => !(await s.exec(`return !!document.querySelector('[data-test="phrase-expand-dialog"]')?.offsetParent`)), 'the dialog closed')
    await s.clickVisible('.task-drawer .el-drawer__close-btn')
    await s.waitVisible('.task-table', '县教育局', { contains: true })
    await s.screenshot(join(SHOTS, 'import-13-task-expanded.png'))
  })

  test('a 统称 an older version imported as a unit: 责任单位 → 统称改为任务文字', async () => {
    const db = tempDb('import-group-unit')
    cli(db, ['sample'])
    // As the old import left it: 县直各有关部门 a unit of kind 统称 on the first task.
    const first = cli(db, ['task', 'list'])[0]
    // The trigger that records the day a unit joins a plan asks the program's clock,
    // taizhang_now(), which the sqlite3 shell lacks (migration 0025): it is set aside for these
    // rows, which write its row themselves as the old program's trigger did, and put back.
    const trigger = sql(db, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'plan_unit_first_seen'`)
    assert.match(trigger, /^CREATE TRIGGER/)
    sql(db, `DROP TRIGGER plan_unit_first_seen;
             INSERT INTO unit (name, kind, seq) VALUES ('县直各有关部门', 'group', 99);
             INSERT INTO assignment (task_id, unit_id, role, seq)
               SELECT ${first.id}, id, 'co', 50 FROM unit WHERE name = '县直各有关部门';
             INSERT OR IGNORE INTO plan_unit (plan_id, unit_id, first_seen)
               SELECT ${first.plan_id}, id, date('now') FROM unit WHERE name = '县直各有关部门';
             ${trigger};`)
    const { s } = await start(db, '')
    await nav(s, '责任单位')
    await s.waitVisible('.el-table', '县直各有关部门', { contains: true })
    await s.clickVisible('[data-test="repair-group-units"]')
    await s.waitFor(async () => (await messages(s)).includes('已把 1 个统称改回任务上的文字'), 'the repaired message')
    await s.screenshot(join(SHOTS, 'import-14-group-units-repaired.png'))
    assert.ok(!cli(db, ['unit', 'list']).some((u) => u.name === '县直各有关部门'))
    const task = cli(db, ['task', 'list']).find((t) => t.id === first.id)
    assert.ok(task.co_units.includes('县直各有关部门'), 'kept on the task as text')
    assert.ok(task.group_phrases.some((g) => g.phrase === '县直各有关部门'))
  })

  test('a 领导小组名单 .xlsx: preview, confirm, the 领导小组 page shows the new members', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '领导小组成员名单.xlsx')
    writeRoster(file)
    const db = tempDb('import-roster')
    cli(db, ['sample'])
    const { s } = await start(db, file)

    // from the 领导小组 page's 导入名单… button (opens the file choice at once)
    await nav(s, '领导小组')
    await s.clickVisible('[data-test="roster-import"]')
    await s.waitVisible('[data-test="roster-preview"]')
    await s.waitFor(
      async () => (await s.exec(`return [...document.querySelectorAll('input[data-test="roster-name"]')].map((t) => t.value).join(',')`)).includes('赵明远'),
      'the roster names',
    )
    const names = await s.exec(`return [...document.querySelectorAll('input[data-test="roster-name"]')].map((t) => t.value)`)
    assert.deepEqual(names, ['赵明远', '钱立新', '孙海燕', '李春华'])
    await s.screenshot(join(SHOTS, 'import-07-roster-preview.png'))
    assert.ok(!cli(db, ['group', 'list']).some((m) => m.name === '赵明远'), 'nothing written before 确认导入')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '领导小组')
    await s.waitVisible('[data-test="member-row-name"]', '赵明远')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await s.screenshot(join(SHOTS, 'import-08-group-after-import.png'))
    const roster = cli(db, ['group', 'list'])
    assert.ok(roster.some((m) => m.name === '赵明远' && m.role === '组长' && `${m.org}${m.title}` === '县人民政府县长'))
    assert.ok(roster.some((m) => m.name === '钱立新' && m.role === '副组长'))

    // 撤销导入 from the notice
    await s.clickVisible('.import-notice .import-undo-button', '撤销导入')
    await s.waitFor(async () => (await messages(s)).includes('已撤销名单导入'), 'the undone message')
    assert.ok(!cli(db, ['group', 'list']).some((m) => m.name === '赵明远'))
  })
})
