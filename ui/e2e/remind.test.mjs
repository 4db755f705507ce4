// @ts-check
// End-to-end tests of the reminder board, 催报, 导出台账 and the system notification, in the real
// window with "today" fixed by TAIZHANG_TODAY (the app reads it instead of the clock) and the
// export folder fixed by TAIZHANG_EXPORT_DIR (WebDriver cannot answer the system folder dialog).
// Sample plan on 2025-10-06: the 2025年9月 ledger is due on the 5th, a Sunday in the National Day
// holiday (10月1日–8日), so the due date moves to Thursday 2025-10-09.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, nav, sql, tempDb } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const TODAY = '2025-10-06'

/** @type {Array<() => Promise<void>>} */
const open = []
/** Launches the app with today fixed (TODAY unless given) and exports going to `exportDir`. */
async function start(db, exportDir, today = TODAY) {
  const app = await launch(db, { env: { TAIZHANG_TODAY: today, TAIZHANG_EXPORT_DIR: exportDir } })
  open.push(app.close)
  return app
}
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

/** The state the board shows for a unit. @param {import('./lib/webdriver.mjs').Session} s */
async function unitState(s, unit) {
  return s.exec(
    `const el = document.querySelector('[data-test="unit-states"] [data-test="unit-${unit}"]');
     return el ? el.dataset.state + '|' + el.innerText.replace(/\\s+/g, ' ') : null`,
  )
}

describe('报送提醒, 催报 and 导出 in the desktop window', () => {
  test('the board shows the period, its due date after National Day, and each unit; a submission turns a unit 已报; 催报 marks one', async () => {
    const db = tempDb('remind')
    cli(db, ['sample'])
    // The clerk is done with the months before September (转到下一期), so the main card and the
    // grid are about September, the next report due; earlier months stay listed as 往期未报.
    cli(db, ['chase', '--period', '2025-08', '--move-on', '--today', TODAY])
    const exportDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-'))
    const { s } = await start(db, exportDir)

    await s.waitVisible('[data-test="board-today"]', '今天：2025年10月6日（周一）')
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2025年9月工作台账')
    await s.waitVisible('[data-test="period-current"] [data-test="period-due"]', '2025年10月9日（周四）')
    await s.waitVisible('[data-test="period-current"] [data-test="period-countdown"]', '还剩', { contains: true })
    await s.waitVisible('[data-test="period-next"] [data-test="period-due"]', '2025年11月5日（周三）')
    const before = String(await unitState(s, '县司法局'))
    assert.match(before, /^due_soon\|县司法局 未报/)
    // the CLI agrees on the date
    const items = cli(db, ['remind', '--today', TODAY])
    const sep = (Array.isArray(items) ? items : items.items).find((i) => i.period === '2025-09')
    assert.equal(sep.due, '2025-10-09')
    await sleep(500)
    await s.screenshot(join(SHOTS, '20-remind-board.png'))

    // a submission for 县司法局 (as the ledger import records it)
    const unitId = sql(db, "SELECT id FROM unit WHERE name = '县司法局'")
    sql(
      db,
      `INSERT INTO submission (plan_id, unit_id, period, file_name, received_at)
       VALUES ((SELECT max(id) FROM plan), ${unitId}, '2025-09', '县司法局_2025年09月_工作台账.xlsx', '2025-10-06 09:12:00')`,
    )
    await nav(s, '任务清单')
    await nav(s, '工作台')
    await s.waitFor(async () => String(await unitState(s, '县司法局')).startsWith('reported|县司法局 已报'), '县司法局 已报')

    // 催报: the missing units with 联络员 and phone; mark one
    await s.clickVisible('[data-test="open-chase"]')
    await s.waitVisible('.chase-dialog [data-test="chase-table"]')
    const expected = cli(db, ['chase', '--period', '2025-09', '--today', TODAY]).units.length
    await s.waitFor(
      async () => Number(await s.exec(`return document.querySelector('.chase-dialog [data-test="chase-count"]')?.innerText`)) === expected,
      `${expected} units to chase`,
    )
    const listed = /** @type {string[]} */ (await s.exec(`return [...document.querySelectorAll('.chase-dialog [data-test="chase-unit"]')].map((e) => e.innerText.trim())`))
    assert.ok(!listed.includes('县司法局'), 'a unit that reported is not chased')
    assert.ok(listed.includes('县财政局'))
    const all = String(await s.exec(`return document.querySelector('textarea[data-test="message-all"], [data-test="message-all"] textarea').value`))
    assert.match(all, /2025年10月9日/)
    // 复制全部 puts the message on the system clipboard, ready to paste into WeChat
    await s.clickVisible('.chase-dialog [data-test="copy-all"]')
    await s.waitVisible('.el-message', '已复制全部催报信息', { contains: true })
    /** The X clipboard of the test display, as another program would paste it. */
    const clipboard = () => {
      try {
        return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5_000 })
      } catch {
        return ''
      }
    }
    await s.waitFor(async () => clipboard() === all, 'the 催报 message on the clipboard')
    await s.screenshot(join(SHOTS, '21-chase-dialog.png'))
    await s.clickVisible('.chase-dialog [data-test="mark-县财政局"]')
    await s.waitVisible('.chase-dialog [data-test="chase-chased"]', '10月6日', { contains: true })
    assert.equal(sql(db, `SELECT count(*) FROM chase_log WHERE period = '2025-09'`), '1')
    await s.clickVisible('.chase-dialog .el-dialog__footer button', '关闭')
    await s.waitFor(async () => String(await unitState(s, '县财政局')).includes('已催报 10月6日'), '县财政局 已催报 on the board')
    await sleep(400)
    await s.screenshot(join(SHOTS, '22-remind-board-after.png'))
  })

  test('after the due date the grid stays on 9月: 逾期 in red, 迟报, as `remind --today` says; 催报 lists the overdue units', async () => {
    const db = tempDb('remind-late')
    cli(db, ['sample'])
    const submit = (unit, at) =>
      sql(
        db,
        `INSERT INTO submission (plan_id, unit_id, period, file_name, received_at)
         VALUES ((SELECT max(id) FROM plan), (SELECT id FROM unit WHERE name = '${unit}'), '2025-09', '${unit}.xlsx', '${at}')`,
      )
    submit('县司法局', '2025-10-08 10:00:00') // before the due date 10月9日
    submit('县财政局', '2025-10-11 15:30:00') // after it
    const today = '2025-10-12'
    const { s } = await start(db, mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-')), today)
    await s.waitVisible('[data-test="board-today"]', '今天：2025年10月12日（周日）')
    // the next report (10月, due 11月5日) is the countdown; the grid is about 9月, which is past due
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2025年10月工作台账')
    await s.waitVisible('[data-test="unit-states-title"]', '2025年9月各单位报送情况（2025年10月9日已截止', { contains: true })
    assert.equal(await s.exec(`return document.querySelector('[data-test="unit-states"]').dataset.period`), '2025-09')
    assert.match(String(await unitState(s, '县司法局')), /^reported\|县司法局 已报/)
    assert.match(String(await unitState(s, '县财政局')), /^late\|县财政局 迟报 10月11日/)
    const items = cli(db, ['remind', '--today', today])
    const sep = (Array.isArray(items) ? items : items.items).find((i) => i.period === '2025-09')
    assert.equal(sep.kind, 'report_overdue')
    assert.equal(sep.level, 'red')
    const red = /** @type {string[]} */ (
      await s.exec(`return [...document.querySelectorAll('[data-test="unit-states"] [data-state="overdue"] .unit-name')].map((e) => e.innerText.trim())`)
    )
    assert.deepEqual([...red].sort(), [...sep.units_missing].sort(), 'the red units are the ones `remind` says are missing')
    await s.waitVisible('[data-test="unit-states-title"]', `${red.length} 个单位逾期未报，1 个单位迟报`, { contains: true })
    const color = await s.exec(`return getComputedStyle(document.querySelector('[data-test="unit-states"] [data-state="overdue"] .unit-state')).color`)
    assert.match(String(color), /rgb\((\d+), (\d+), (\d+)\)/)
    const [r, g] = String(color).match(/\d+/g)?.map(Number) ?? [0, 0]
    assert.ok(r > 150 && g < 120, `逾期 is red: ${color}`)
    assert.equal(await s.exec(`return document.querySelectorAll('[data-test="earlier-2025-09"]').length`), 0, '9月 is not listed twice')
    await sleep(400)
    await s.screenshot(join(SHOTS, '24-remind-board-past-due.png'))
    // 催报 chases the units of the grid's period
    await s.clickVisible('[data-test="open-chase"]')
    await s.waitFor(
      async () => Number(await s.exec(`return document.querySelector('.chase-dialog [data-test="chase-count"]')?.innerText`)) === red.length,
      `${red.length} units to chase`,
    )
  })

  test('every card adds up; the main card stays on 9月 until 转到下一期; 方案设置 moves the reporting window', async () => {
    const db = tempDb('remind-main')
    cli(db, ['sample'])
    const submit = (unit, at) =>
      sql(
        db,
        `INSERT INTO submission (plan_id, unit_id, period, file_name, received_at)
         VALUES ((SELECT max(id) FROM plan), (SELECT id FROM unit WHERE name = '${unit}'), '2025-09', '${unit}.xlsx', '${at}')`,
      )
    submit('县司法局', '2025-10-08 10:00:00') // on time (due 10月9日)
    submit('县财政局', '2025-10-11 15:30:00') // late
    const today = '2025-10-20'
    const { s } = await start(db, mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-')), today)
    await s.waitVisible('[data-test="board-today"]', '今天：2025年10月20日（周一）')
    // The main card is 9月 (past due, units missing and late); 本期 is 10月.
    await s.waitVisible('[data-test="period-main"] [data-test="period-label"]', '2025年9月工作台账')
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2025年10月工作台账')
    const counts = /** @type {Record<string, number[]>} */ (
      await s.exec(`const out = {};
        for (const card of document.querySelectorAll('[data-test^="period-"].period')) {
          const n = (k) => Number(card.querySelector('[data-test="count-' + k + '"]').innerText);
          out[card.dataset.test] = [n('on-time'), n('late'), n('missing'), n('required')];
        }
        return out`)
    )
    const board = cli(db, ['remind', '--board', '--today', today])
    for (const [card, [onTime, late, missing, required]] of Object.entries(counts)) {
      assert.equal(onTime + late + missing, required, `${card}: 已报 + 迟报 + 未报 = 应报`)
    }
    assert.deepEqual(counts['period-main'], [1, 1, board.focus.missing, board.focus.required])
    assert.equal(board.focus.period, '2025-09')
    assert.equal(await s.exec(`return document.querySelector('[data-test="unit-states"]').dataset.period`), '2025-09')
    await sleep(400)
    await s.screenshot(join(SHOTS, '25-remind-main-card.png'))

    // 转到下一期: the card and the grid move to 10月; 9月 is still listed as 往期未报.
    await s.clickVisible('[data-test="move-on"]')
    await s.waitVisible('[data-test="board-moved-on"]', '已处理至2025年9月', { contains: true })
    await s.waitFor(async () => (await s.exec(`return document.querySelectorAll('[data-test="period-main"]').length`)) === 0, 'no 待处理 card')
    assert.equal(await s.exec(`return document.querySelector('[data-test="unit-states"]').dataset.period`), '2025-10')
    await s.waitVisible('[data-test="earlier-2025-09"]')
    assert.equal(cli(db, ['remind', '--board', '--today', today]).moved_on, '2025-09')

    // 方案设置: reporting from 2025年11月 — 9月 and 10月 leave the board.
    await s.clickVisible('[data-test="edit-plan"]')
    await s.waitVisible('[data-test="plan-edit-dialog"] [data-test="plan-edit-title"]')
    const from = await s.waitVisible('[data-test="plan-edit-dialog"] [data-test="plan-edit-from"] input, [data-test="plan-edit-dialog"] input[data-test="plan-edit-from"]')
    await s.click(from)
    await s.type(from, '2025年11月\uE007')
    await sleep(300)
    await s.screenshot(join(SHOTS, '26-plan-settings.png'))
    await s.clickVisible('[data-test="plan-edit-save"]')
    await s.waitFor(async () => cli(db, ['plan', 'list'])[0].report_rule.from === '2025-11', 'report_rule.from saved')
    await s.waitVisible('[data-test="board-window"]', '报送期次：2025年11月至2025年12月')
    await s.waitVisible('[data-test="period-current"] [data-test="period-label"]', '2025年11月工作台账')
    assert.equal(await s.exec(`return document.querySelectorAll('[data-test="earlier-2025-09"]').length`), 0, '9月 is outside the window')
    await sleep(400)
    await s.screenshot(join(SHOTS, '27-remind-after-window.png'))
  })

  test('导出台账 writes every unit workbook into the folder, and one prints on A4 landscape', async () => {
    const db = tempDb('export')
    cli(db, ['sample'])
    const exportDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-'))
    const { s } = await start(db, exportDir)
    await s.clickVisible('[data-test="open-export"]')
    await s.waitVisible('.export-dialog .el-date-editor input')
    const period = await s.exec(`return document.querySelector('.export-dialog .el-date-editor input').value`)
    assert.equal(period, '2025年9月', 'defaults to the current reporting period')
    await s.clickVisible('.export-dialog [data-test="export-run"]')
    await s.waitVisible('.export-dialog [data-test="export-done"]', null, { timeoutMs: 60_000 })
    await s.waitVisible('.export-dialog [data-test="export-progress"]', '/', { contains: true })
    await s.screenshot(join(SHOTS, '23-export-done.png'))

    const files = readdirSync(exportDir).filter((f) => f.endsWith('.xlsx'))
    assert.ok(files.includes('县司法局_2025年09月_工作台账.xlsx'), files.join(', '))
    assert.ok(files.includes('汇总_2025年09月_工作台账.xlsx'))
    assert.ok(files.length >= 10, `${files.length} workbooks`)
    const shownText = String(await s.text(await s.waitVisible('[data-test="export-done"]')))
    assert.ok(shownText.includes(`已导出 ${files.length - 1} 个单位`), shownText)

    // print check: LibreOffice → PDF → pdfinfo
    const pdfDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-pdf-'))
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${pdfDir}/lo`, '--convert-to', 'pdf', '--outdir', pdfDir, join(exportDir, '县司法局_2025年09月_工作台账.xlsx')],
      { timeout: 120_000, stdio: 'ignore' },
    )
    const pdf = join(pdfDir, '县司法局_2025年09月_工作台账.pdf')
    assert.ok(existsSync(pdf), 'LibreOffice wrote the PDF')
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)
    assert.ok(pages >= 1, info)
    assert.ok(size, info)
    const [w, h] = [Number(size[1]), Number(size[2])]
    assert.ok(Math.abs(w - 841.89) < 2 && Math.abs(h - 595.28) < 2, `A4 landscape, got ${w} x ${h}`)
    console.log(`# 县司法局 ledger: ${pages} page(s), ${w} x ${h} pt`)

    // Exporting again into the same folder asks first; 另存为新文件 keeps every file already there
    // (a department's returned ledger could be among them) and names the new ones …（2）.xlsx.
    const first = readFileSync(join(exportDir, '县司法局_2025年09月_工作台账.xlsx'))
    await s.clickVisible('.export-dialog [data-test="export-run"]')
    await s.waitVisible('.el-message-box', '已有同名文件', { contains: true })
    await s.screenshot(join(SHOTS, '23b-export-ask.png'))
    await s.clickVisible('.el-message-box button', '另存为新文件')
    const kept = String(await s.text(await s.waitVisible('.export-dialog [data-test="export-kept"]', null, { timeoutMs: 60_000 })))
    assert.ok(kept.includes('县司法局_2025年09月_工作台账（2）.xlsx'), kept)
    assert.ok(existsSync(join(exportDir, '县司法局_2025年09月_工作台账（2）.xlsx')))
    assert.ok(first.equals(readFileSync(join(exportDir, '县司法局_2025年09月_工作台账.xlsx'))), 'the first file is unchanged')

    // 导出重点任务清单 through the same folder
    await s.clickVisible('.export-dialog .el-dialog__footer button', '完成')
    await s.clickVisible('[data-test="more-export"]')
    await s.clickVisible('[data-test="export-task-list"]')
    await s.clickVisible('.export-list-dialog [data-test="list-run"]')
    await s.waitVisible('.export-list-dialog [data-test="list-done"]')
    assert.ok(existsSync(join(exportDir, '重点任务清单.xlsx')))
  })

  test('设置 sends the reminder notification without error, and saves the 催报 template and rule', async () => {
    const db = tempDb('notify')
    cli(db, ['sample'])
    const exportDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-'))
    const { s } = await start(db, exportDir)
    await nav(s, '设置')
    await s.clickVisible('[data-test="notify-now"]')
    const notice = String(await s.text(await s.waitVisible('[data-test="last-notice"]', '报送提醒', { contains: true })))
    assert.ok(!notice.includes('未能显示'), notice)
    assert.match(notice, /项逾期/)
    // a bad placeholder is refused with a Chinese message
    const area = await s.waitVisible('textarea[data-test="chase-template"], [data-test="chase-template"] textarea')
    await s.type(area, '{电话}')
    await s.clickVisible('[data-test="save-remind"]')
    await s.waitVisible('.el-form-item__error', '电话', { contains: true })
    await s.waitVisible('[data-test="calendar-years"]', '2020—2026年')
    await s.exec(`document.querySelector('[data-test="desktop-settings"]').scrollIntoView()`)
    await s.screenshot(join(SHOTS, '24-settings-notification.png'))
  })
})
