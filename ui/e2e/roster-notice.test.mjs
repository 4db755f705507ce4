// @ts-check
// End-to-end test of a roster notice (关于成立…领导小组的通知) in the real window: chosen with
// 导入方案文件, it holds no tasks, so the window opens the roster preview instead of 未识别到任务
// — people from labelled lines and a sentence, 成员单位 as units — and 确认导入 writes the group.
// The .docx is fictional (示例县), written here; TAIZHANG_E2E_PICK answers the file dialog.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, messages, nav, tempDb } from './lib/app.mjs'

const NOTICE = [
  '示例县人民政府办公室',
  '关于成立示例县行政执法监督工作领导小组的通知',
  '各乡镇人民政府，县直各有关单位：',
  '为加强全县行政执法监督工作，经县政府研究，决定成立示例县行政执法监督工作领导小组。组成人员如下：',
  '组　长：林建华（县政府副县长）',
  '副组长：高志远(县司法局局长)',
  '        马丽萍县政府办公室副主任）',
  '成　员：许国强（县公安局副局长）（兼）',
  '成员单位：县公安局、县市场监管局、县交通运输局、各乡镇人民政府',
  '领导小组办公室设在县司法局，县司法局副局长胡晓东同志兼任办公室主任。',
  '示例县人民政府办公室',
  '2026年3月2日',
]

/** Writes a minimal .docx of `paras` (one paragraph each) with Python's zipfile. */
function writeDocx(path, paras) {
  execFileSync('python3', ['-c', `
import sys, json, zipfile
from xml.sax.saxutils import escape
paras = json.loads(sys.argv[2])
body = ''.join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p) for p in paras)
doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s<w:sectPr/></w:body></w:document>' % body
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/document.xml', doc)
`, path, JSON.stringify(paras)])
}

/** @type {Array<() => Promise<void>>} */
const open = []
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
  delete process.env.TAIZHANG_E2E_PICK
})

describe('a roster notice in the desktop window', () => {
  test('导入方案文件 with a 领导小组 notice opens the roster preview; 确认导入 writes the group and its units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-files-'))
    const file = join(dir, '关于成立示例县行政执法监督工作领导小组的通知.docx')
    writeDocx(file, NOTICE)
    const db = tempDb('roster-notice')
    cli(db, ['sample'])
    const before = cli(db, ['group', 'list'])
    const plansBefore = cli(db, ['plan', 'list'])
    process.env.TAIZHANG_E2E_PICK = file
    const app = await launch(db)
    open.push(app.close)
    const { s } = app

    await nav(s, '导入')
    await s.clickVisible('[data-test="import-plan"]')
    await s.waitVisible('[data-test="roster-preview"]')
    await s.waitVisible('[data-test="roster-only"]')
    await s.waitFor(
      async () => (await s.exec(`return [...document.querySelectorAll('input[data-test="roster-name"]')].length`)) === 5,
      'the five people of the notice',
    )
    const rows = await s.exec(`return [...document.querySelectorAll('[data-test="roster-rows"] .el-table__body tr')].map((tr) => ({
      name: tr.querySelector('input[data-test="roster-name"]').value,
      note: tr.querySelector('input[data-test="roster-note"]').value,
    }))`)
    assert.deepEqual(rows.map((r) => r.name), ['林建华', '高志远', '马丽萍', '许国强', '胡晓东'])
    assert.deepEqual(rows.map((r) => r.note), ['', '', '', '兼', '兼'])
    const bodies = await s.exec(`return document.querySelector('[data-test="roster-bodies"]').textContent`)
    for (const b of ['县公安局', '县市场监管局', '县交通运输局']) assert.ok(bodies.includes(b), `${b} in ${bodies}`)
    assert.ok(!bodies.includes('各乡镇'), 'a group phrase is no unit')
    assert.ok(!(await s.exec(`return document.body.textContent.includes('未识别到任务')`)), 'no 未识别到任务')
    await s.screenshot(join(SHOTS, 'roster-notice-1-preview.png'))
    assert.equal(cli(db, ['group', 'list']).length, before.length, 'nothing written before 确认导入')

    await s.clickVisible('[data-test="import-commit"]')
    await s.waitVisible('.page-title', '领导小组')
    await s.waitVisible('[data-test="member-row-name"]', '林建华')
    await s.waitVisible('.import-notice', '导入完成', { contains: true })
    await s.screenshot(join(SHOTS, 'roster-notice-2-group.png'))
    const group = cli(db, ['group', 'list'])
    assert.ok(group.some((m) => m.name === '林建华' && m.role === '组长'))
    assert.ok(group.some((m) => m.name === '马丽萍' && m.role === '副组长' && `${m.org}${m.title}` === '县政府办公室副主任'))
    assert.ok(group.some((m) => m.name === '胡晓东' && m.role === '办公室主任' && m.note === '兼'))
    assert.ok(group.some((m) => m.name === '许国强' && m.role === '成员' && m.note === '兼'), 'the issuer 示例县人民政府办公室 opens no 办公室 block')
    assert.ok(group.some((m) => m.name === '高志远' && m.role === '副组长'))
    assert.equal(group.length, before.length + 5)
    assert.equal(cli(db, ['plan', 'list']).length, plansBefore.length, 'no plan is made')
    const units = cli(db, ['unit', 'list']).map((u) => u.name)
    assert.ok(units.includes('县交通运输局'), 'a 成员单位 became a unit')

    await s.clickVisible('.import-notice .import-undo-button', '撤销导入')
    await s.waitFor(async () => (await messages(s)).includes('已撤销名单导入'), 'the undone message')
    assert.equal(cli(db, ['group', 'list']).length, before.length)
  })
})
