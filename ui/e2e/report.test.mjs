// @ts-check
// End-to-end test of 统计报表 (#8) in the real window. The sample plan's ledgers for 2025年7月–9月
// are exported with the CLI, some units' workbooks filled in with openpyxl (progress text, 已完成 /
// 推进中) and imported with the CLI; the receipt times are then set so that some units reported
// on time, some late and some not at all. With today fixed at 2025-10-12 (9月 was due on 10-09),
// the page opens on 2025年7月至9月 and its three tabs must show the numbers `taizhang report …
// --json` prints; the A4 print views are screenshotted, and 导出 Excel writes the workbook into
// TAIZHANG_EXPORT_DIR; 更多 reuses the 重点任务清单 and 领导小组名单 outputs of #4. A month nobody
// reported for shows the report's note; a month outside the plan shows the core's Chinese message.
import { afterEach, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS, cli, launch, nav, sql, workbookCells } from './lib/app.mjs'
import { fillLedger } from './lib/ledger.mjs'
import { sleep } from './lib/webdriver.mjs'

const TODAY = '2025-10-12'
const PERIODS = ['2025-07', '2025-08', '2025-09']

/**
 * Who reports when: period → unit → [received_at, how many rows 已完成 (the rest 推进中)].
 * 9月 is due 2025-10-09 (the 5th fell in the National Day holiday), 8月 2025-09-05, 7月 2025-08-05.
 * @type {Record<string, Record<string, [string, number]>>}
 */
const REPORTS = {
  '2025-07': {
    县司法局: ['2025-08-04 09:10:00', 2],
    县政府办: ['2025-08-05 16:30:00', 0],
    县财政局: ['2025-08-01 10:00:00', 0],
    县公安局: ['2025-08-04 11:00:00', 1],
  },
  '2025-08': {
    县司法局: ['2025-09-03 09:00:00', 4],
    县政府办: ['2025-09-05 17:00:00', 1],
    县公安局: ['2025-09-08 08:40:00', 1],
  },
  '2025-09': {
    县司法局: ['2025-10-08 15:20:00', 6],
    县政府办: ['2025-10-10 09:30:00', 2],
    县财政局: ['2025-10-11 10:05:00', 1],
    县公安局: ['2025-10-09 18:00:00', 3],
    示例镇: ['2025-10-06 09:00:00', 0],
  },
}

/** The sample plan with the ledgers of REPORTS imported through the CLI. */
function prepare() {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-report-'))
  const db = join(dir, 'taizhang.db')
  cli(db, ['sample'])
  const filled = []
  for (const period of PERIODS) {
    const out = join(dir, `out-${period}`)
    mkdirSync(out)
    const files = cli(db, ['ledger', 'export', '--plan', '1', '--period', period, '--out', out])
    for (const [unit, [at, done]] of Object.entries(REPORTS[period] ?? {})) {
      const f = files.find((x) => x.unit === unit)
      assert.ok(f, `the ${period} export has ${unit}'s ledger`)
      const text = `${Number(period.slice(5))}月召开专题会议部署落实，完成阶段任务{n}项。`
      assert.equal(fillLedger(f.file, f.file, text, done), f.tasks)
      // Saved from WeChat or mail on the day it arrived: the file time is the 收到日期.
      utimesSync(f.file, new Date(at), new Date(at))
      filled.push(f.file)
    }
  }
  // The clerk imports every file on one later day; on time or late is by the day each arrived.
  cli(db, ['ledger', 'import', '--today', TODAY, ...filled])
  assert.equal(
    sql(db, `SELECT received_on FROM submission WHERE period = '2025-09'
             AND unit_id = (SELECT id FROM unit WHERE name = '县政府办')`).trim(),
    '2025-10-10',
    'the 收到日期 is the file time',
  )
  for (const [period, units] of Object.entries(REPORTS)) {
    for (const [unit, [at]] of Object.entries(units)) {
      sql(db, `UPDATE submission SET received_at = '${at}'
               WHERE period = '${period}' AND unit_id = (SELECT id FROM unit WHERE name = '${unit}')`)
    }
  }
  const imported = Number(sql(db, 'SELECT count(*) FROM submission WHERE replaced_by IS NULL'))
  assert.equal(imported, filled.length, 'every filled ledger was imported')
  return db
}

/** `taizhang report <kind> … --json` for the range, today fixed. */
const report = (db, kind, from, to) => cli(db, ['report', kind, '--plan', '1', '--from', from, '--to', to, '--today', TODAY])

/** The CLI's rate text (report::percent): 66.7%, 100%, 0%. */
function percent(rate) {
  const t = (Math.round(rate * 1000) / 10).toFixed(1)
  return (t.endsWith('.0') ? t.slice(0, -2) : t) + '%'
}

/** @type {string} */
let db = ''
/** @type {Array<() => Promise<void>>} */
const open = []
/** Launches the app on the prepared database, today fixed, exports going to `exportDir`. */
async function start(exportDir) {
  const app = await launch(db, { env: { TAIZHANG_TODAY: TODAY, TAIZHANG_EXPORT_DIR: exportDir } })
  open.push(app.close)
  return app
}
afterEach(async () => {
  for (const close of open.splice(0)) await close().catch(() => {})
})

/** @param {import('./lib/webdriver.mjs').Session} s @param {string} js */
const read = async (s, js) => /** @type {any} */ (await s.exec(js))

/** Shows `hash` in the window (from another page, so the report page is created afresh). */
async function goTo(s, hash) {
  await s.exec(`location.hash = '#/home'`)
  await s.waitVisible('.page-title', '工作台')
  await s.exec(`location.hash = arguments[0]`, [hash])
}

/** A tall window, so one screenshot shows a whole A4 page of the print view. */
async function tall(s, height = 1500) {
  await s.cmd('POST', '/window/rect', { width: 1280, height })
  await sleep(400)
}

/**
 * Checks the print view of the open report: A4 pages of the right size, every page's content
 * inside its text area, table headers on every page a table continues on, numbered pages, the
 * 公文 fonts, charts as SVG; screenshots the first and the last page.
 */
async function checkPrint(s, kind, title, shot) {
  await s.waitFor(async () => Number(await s.exec(`return document.querySelector('.pages')?.dataset.pages ?? 0`)) > 0, 'the pages laid out', 20_000)
  await s.waitVisible(`[data-test="print-${kind}"] [data-test="print-title"]`, title)
  const look = await read(
    s,
    `const pages = [...document.querySelectorAll('.pages .page')];
     const mm = 96 / 25.4;
     const overflow = [];
     pages.forEach((page, i) => {
       const body = page.querySelector('.page-body');
       const box = body.getBoundingClientRect();
       if (body.scrollHeight > body.clientHeight + 1) overflow.push('page ' + (i + 1) + ' too tall: ' + body.scrollHeight + ' > ' + body.clientHeight);
       for (const el of body.querySelectorAll('*')) {
         const r = el.getBoundingClientRect();
         if (r.width > 0 && (r.right > box.right + 1 || r.bottom > box.bottom + 1)) { overflow.push('page ' + (i + 1) + ': ' + el.tagName + '.' + el.className + ' outside'); break }
       }
     });
     return {
       count: pages.length,
       sizes: pages.map((p) => [Math.round(p.getBoundingClientRect().width / mm), Math.round(p.getBoundingClientRect().height / mm)]),
       feet: pages.map((p) => p.querySelector('.page-foot').innerText.trim()),
       headless: [...document.querySelectorAll('.pages table')].filter((t) => !t.querySelector('thead th')).length,
       overflow,
       title: getComputedStyle(document.querySelector('.pages h1')).fontFamily,
       body: getComputedStyle(document.querySelector('.pages .page-body')).fontFamily,
       svgs: document.querySelectorAll('.pages .rp-chart svg').length,
       canvases: document.querySelectorAll('.pages canvas').length,
       page: [...document.querySelectorAll('style[data-report-page]')].map((st) => st.textContent).join(' '),
       toolbarHiddenInPrint: [...document.styleSheets].some((ss) => { try { return [...ss.cssRules].some((r) => r.media && r.media.mediaText.includes('print') && r.cssText.includes('.no-print')) } catch { return false } }),
     }`,
  )
  const landscape = kind === 'summary' || kind === 'tasks'
  for (const size of look.sizes) assert.deepEqual(size, landscape ? [297, 210] : [210, 297], 'A4 pages')
  assert.deepEqual(look.feet, look.sizes.map((_, i) => `第 ${i + 1} 页 共 ${look.count} 页`))
  assert.deepEqual(look.overflow, [], 'nothing runs past a page')
  assert.equal(look.headless, 0, 'every piece of a table has its header')
  assert.match(look.title, /方正小标宋简体/, 'title in the 小标宋 stack')
  assert.match(look.body, /仿宋_GB2312.*FangSong.*Noto Serif CJK SC/, 'body in the 仿宋 stack, Linux fallback last')
  assert.equal(look.canvases, 0, 'no canvas on paper')
  assert.match(look.page, new RegExp(`A4 ${landscape ? 'landscape' : 'portrait'}; margin: 0`))
  assert.ok(look.toolbarHiddenInPrint, 'the toolbar is hidden in print')
  await s.screenshot(join(SHOTS, `${shot}-1.png`))
  if (look.count > 1) {
    await s.exec(`document.querySelector('.pages .page:last-child').scrollIntoView()`)
    await s.screenshot(join(SHOTS, `${shot}-${look.count}.png`))
  }
  console.log(`# ${kind}: ${look.count} A4 page(s)`)
  return look
}

describe('统计报表 in the desktop window', () => {
  before(() => {
    db = prepare()
  })

  test('the three tabs show the CLI numbers; print views on A4; 导出 Excel writes the workbook', async () => {
    const exportDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-'))
    const { s } = await start(exportDir)
    await nav(s, '统计报表')
    // today 2025-10-12: 9月 (due 10-09) is the latest period past due; the range is the quarter so far
    await s.waitVisible('[data-test="report-label"]', '2025年7月至9月')
    const summary = report(db, 'summary', '2025-07', '2025-09')
    const stats = report(db, 'stats', '2025-07', '2025-09')
    const circular = report(db, 'circular', '2025-07', '2025-09')
    assert.equal(summary.empty, false)

    // 汇总台账
    await s.waitVisible('[data-test="summary-units"]', `已报送单位 ${summary.units_reported.length} 个`, { contains: true, timeoutMs: 20_000 })
    // the window shows 20 tasks a page: read them page after page
    const shownSummary = { rows: 0, tasks: /** @type {string[]} */ ([]), missing: '', sections: /** @type {string[]} */ ([]) }
    for (;;) {
      const page = await read(
        s,
        `return {
           rows: document.querySelectorAll('[data-test="summary-row"]').length,
           tasks: [...document.querySelectorAll('[data-test="summary-task"]')].map((t) => t.dataset.task),
           missing: document.querySelector('[data-test="summary-missing"]')?.innerText ?? '',
           sections: [...document.querySelectorAll('.rp-section td')].map((td) => td.innerText.trim()),
         }`,
      )
      shownSummary.rows += page.rows
      shownSummary.tasks.push(...page.tasks)
      shownSummary.missing = page.missing
      // a section running over a page boundary shows its heading on both pages
      for (const sec of page.sections) if (shownSummary.sections.at(-1) !== sec) shownSummary.sections.push(sec)
      const next = await s.visible('[data-test="summary-pager"] .btn-next:not([disabled])')
      if (!next) break
      // a click in the page: WebDriver's click on the pager at the bottom can land on the window's edge
      await s.exec('arguments[0].click()', [next])
      await s.waitFor(async () => (await read(s, `return document.querySelector('[data-test="summary-task"]')?.dataset.task`)) !== page.tasks[0], 'the next page of the 汇总台账')
    }
    const tasks = summary.sections.flatMap((sec) => sec.tasks)
    assert.equal(shownSummary.rows, tasks.reduce((n, t) => n + Math.max(1, t.rows.length), 0), 'one row per unit report, one per task without')
    assert.deepEqual(shownSummary.tasks, tasks.map((t) => t.code))
    assert.deepEqual(shownSummary.sections, summary.sections.map((sec) => sec.section))
    assert.equal(shownSummary.missing, summary.units_missing.join('、'))
    assert.ok(summary.units_reported.includes('示例镇'))
    await s.screenshot(join(SHOTS, 'report-01-summary.png'))

    // 进展统计
    await s.clickVisible('.el-tabs__item', '进展统计')
    await s.waitVisible('[data-test="report-stats"]', null, { timeoutMs: 20_000 })
    const kpi = /** @type {Record<string, string>} */ (
      await read(s, `return Object.fromEntries([...document.querySelectorAll('.rp-kpi[data-test^="kpi-"]')].map((k) => [k.dataset.test.slice(4), k.querySelector('[data-test="kpi-value"]').innerText.trim()]))`)
    )
    const t = stats.totals
    assert.deepEqual(kpi, {
      total: String(t.total),
      done: String(t.done),
      in_progress: String(t.in_progress),
      not_started: String(t.not_started),
      overdue: String(t.overdue),
      completion_rate: percent(t.completion_rate),
    })
    assert.ok(t.done > 0, 'some tasks are done')
    const unitRates = await read(s, `return [...document.querySelectorAll('[data-test="stats-unit-row"]')].map((r) => [r.dataset.unit, r.querySelector('[data-test="unit-rate"]').innerText])`)
    assert.deepEqual(
      unitRates,
      stats.units.map((u) => [u.unit, u.counts.total > 0 ? percent(u.counts.completion_rate) : '—']),
    )
    const trendRows = await read(s, `return document.querySelectorAll('[data-test="stats-trend"] tbody tr').length`)
    assert.equal(trendRows, stats.trend.length)
    assert.equal(await read(s, `return document.querySelectorAll('[data-test="report-stats"] .rp-chart canvas').length`), 3, 'pie, unit bars, trend')
    await sleep(600)
    await s.screenshot(join(SHOTS, 'report-02-stats.png'))

    // 报送情况通报
    await s.clickVisible('.el-tabs__item', '报送情况通报')
    await s.waitVisible('[data-test="circular-paragraph"]', circular.paragraph, { timeoutMs: 20_000 })
    const ranked = await read(
      s,
      `return [...document.querySelectorAll('[data-test="circular-unit-row"]')].map((r) =>
         [r.querySelector('[data-test="rank"]').innerText, r.dataset.unit, r.querySelector('[data-test="on-time"]').innerText,
          r.querySelector('[data-test="late"]').innerText, r.querySelector('[data-test="missing"]').innerText,
          r.querySelector('[data-test="on-time-rate"]').innerText])`,
    )
    assert.deepEqual(
      ranked,
      circular.units.map((u) => [
        u.required > 0 ? String(u.rank) : '—',
        u.unit,
        String(u.on_time),
        String(u.late),
        String(u.missing),
        u.required > 0 ? percent(u.on_time_rate) : '—',
      ]),
    )
    assert.equal(circular.units[0].unit, '县司法局', 'the unit on time every month ranks first')
    assert.ok(circular.units.some((u) => u.late > 0), 'some unit was late')
    await sleep(600)
    await s.screenshot(join(SHOTS, 'report-03-circular.png'))

    // 导出 Excel (the 通报 tab), into TAIZHANG_EXPORT_DIR without a dialog
    await s.clickVisible('[data-test="report-export"]')
    const done = String(await s.text(await s.waitVisible('[data-test="report-export-done"]', null, { timeoutMs: 60_000 })))
    const files = readdirSync(exportDir).filter((f) => f.endsWith('.xlsx'))
    assert.equal(files.length, 1, files.join(', '))
    assert.ok(files[0].endsWith('_报送情况通报_2025年7月至9月.xlsx'), files[0])
    assert.ok(done.includes(files[0]), done)
    // the same workbook as the CLI writes (cell by cell)
    const cliOut = join(mkdtempSync(join(tmpdir(), 'taizhang-e2e-cli-')), 'c.xlsx')
    cli(db, ['report', 'circular', '--plan', '1', '--from', '2025-07', '--to', '2025-09', '--today', TODAY, '--out', cliOut])
    const fromWindow = workbookCells(join(exportDir, files[0]))
    assert.ok(fromWindow.includes('=县司法局'), 'the workbook lists the units')
    assert.equal(fromWindow, workbookCells(cliOut))
    await s.screenshot(join(SHOTS, 'report-04-exported.png'))

    // print views: 通报 (portrait), 进展统计 (portrait, SVG charts), 汇总台账 (landscape)
    await tall(s)
    // The 通报 as a document: 文号 under the title, 主送, body, 发文机关 over the 成文日期.
    await s.type(await s.waitVisible('input[data-test="circular-doc-no"]'), '示法治办〔2025〕3号')
    await s.clickVisible('[data-test="report-print"]')
    const c = await checkPrint(s, 'circular', '关于2025年7月至9月工作台账报送情况的通报', 'report-print-circular')
    assert.equal(c.svgs, 1, 'the on-time bars as SVG (the units’ rates differ)')
    assert.equal(await read(s, `return document.querySelector('.pages [data-test="print-doc-no"]').innerText`), '示法治办〔2025〕3号')
    assert.equal(await read(s, `return document.querySelector('.pages [data-test="circular-addressee"]').innerText`), '各责任单位：')
    assert.equal(await read(s, `return document.querySelector('.pages [data-test="circular-issuer"]').innerText`), circular.document.issuer)
    assert.equal(circular.document.issuer, '示例县法治政府建设工作领导小组办公室', 'read from the plan until the clerk sets it')
    assert.equal(await read(s, `return document.querySelector('.pages [data-test="circular-dated"]').innerText`), '2025年10月12日')
    assert.equal(await read(s, `return document.querySelectorAll('.pages [data-test="circular-issuer-default"]').length`), 0, 'the hint is not printed')
    assert.equal(await read(s, `return document.querySelectorAll('.pages [data-test="circular-issuer"]').length`), 1, 'signed once')
    const signPage = await read(
      s,
      `const page = document.querySelector('.pages [data-test="circular-issuer"]').closest('.page');
       return { withText: !!page.querySelector('[data-test="circular-unit-row"], [data-test="circular-total-row"], [data-test="circular-paragraph"]'),
                dated: !!page.querySelector('[data-test="circular-dated"]') }`,
    )
    assert.deepEqual(signPage, { withText: true, dated: true }, 'the 落款 is not alone on its page, and the date stays under it')
    assert.equal(await read(s, `return document.querySelector('.pages [data-test="circular-paragraph"]').innerText`), circular.paragraph)
    assert.equal(await read(s, `return document.querySelectorAll('.pages [data-test="circular-unit-row"]').length`), circular.units.length, 'every unit on paper')
    await s.clickVisible('[data-test="print-back"]')
    await s.waitVisible('[data-test="circular-paragraph"]', circular.paragraph)
    assert.equal(await read(s, `return document.querySelectorAll('style[data-report-page]').length`), 0, 'the @page rule leaves with the print view')

    await s.clickVisible('.el-tabs__item', '进展统计')
    await s.waitVisible('[data-test="report-stats"]')
    await s.clickVisible('[data-test="report-print"]')
    const st = await checkPrint(s, 'stats', '2025年7月至9月重点任务推进情况统计', 'report-print-stats')
    assert.equal(st.svgs, 3, 'pie, unit bars and trend as SVG')
    const paperTotals = await read(s, `return document.querySelector('.pages [data-test="stats-total-row"]').innerText.split(/\\s+/).filter(Boolean)`)
    assert.deepEqual(paperTotals, ['合计', String(t.total), String(t.done), String(t.in_progress), String(t.not_started), String(t.overdue), percent(t.completion_rate)])
    assert.equal(await read(s, `return document.querySelectorAll('.pages [data-test="stats-unit-row"]').length`), stats.units.length, 'every unit on paper')
    await s.clickVisible('[data-test="print-back"]')

    await s.clickVisible('.el-tabs__item', '汇总台账')
    await s.waitVisible('[data-test="report-summary"]')
    await s.clickVisible('[data-test="report-print"]')
    const su = await checkPrint(s, 'summary', '2025年7月至9月工作台账汇总表', 'report-print-summary')
    assert.ok(su.count >= 2, 'the 汇总台账 of three months runs over several pages')
    assert.equal(await read(s, `return document.querySelectorAll('.pages [data-test="summary-row"]').length`), shownSummary.rows, 'every row on paper, none twice')
  })

  test('单月; 更多 gives the 重点任务清单 and 领导小组名单; an empty month says so plainly; a month outside the plan gets the Chinese message', async () => {
    const exportDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-export-'))
    const { s } = await start(exportDir)
    await nav(s, '统计报表')
    await s.waitVisible('[data-test="report-label"]', '2025年7月至9月')
    await s.clickVisible('[data-test="report-mode"] .el-radio-button', '单月')
    await s.waitVisible('[data-test="report-label"]', '2025年9月')
    const sep = report(db, 'summary', '2025-09', '2025-09')
    await s.waitVisible('[data-test="summary-units"]', `已报送单位 ${sep.units_reported.length} 个`, { contains: true, timeoutMs: 20_000 })

    // 更多: the 重点任务清单 workbook and the 领导小组名单 print view from #4, reused here
    await s.clickVisible('[data-test="report-more"]')
    await s.clickVisible('[data-test="report-task-list"]')
    await s.clickVisible('.export-list-dialog [data-test="list-run"]')
    await s.waitVisible('.export-list-dialog [data-test="list-done"]', null, { timeoutMs: 30_000 })
    assert.ok(readdirSync(exportDir).includes('重点任务清单.xlsx'))
    await s.clickVisible('.export-list-dialog .el-dialog__footer button', '完成')
    // A member's 备注 (兼) is printed after his 职务, in brackets.
    const director = cli(db, ['group', 'list']).find((/** @type {any} */ m) => m.name === '田永辉')
    cli(db, ['group', 'edit', String(director.id), '--note', '兼'])
    await s.clickVisible('[data-test="report-more"]')
    await s.clickVisible('[data-test="report-roster-print"]')
    await s.waitVisible('.sheet h1', '示例县法治政府建设工作领导小组名单')
    // The 办公室 as a section of its own, 主任 and 副主任 without the prefix, nobody twice.
    await s.waitVisible('[data-test="roster-office"]', '领导小组下设办公室', { contains: true })
    const officeLines = await read(s, `return [...document.querySelectorAll('[data-test="roster-office-line"]')].map((l) => l.innerText.replace(/\\s+/g, ' ').trim())`)
    assert.equal(officeLines.length, 2, officeLines.join(' | '))
    assert.match(officeLines[0], /^主\s*任：\s*田永辉 .*（兼）$/)
    assert.match(officeLines[1], /^副主任：\s*苏晓梅/)
    const names = await read(s, `return [...document.querySelectorAll('.sheet .person')].map((p) => p.innerText)`)
    assert.equal(new Set(names).size, names.length, `nobody printed twice: ${names.join('、')}`)
    await s.exec(`document.querySelector('[data-test="roster-office"]').scrollIntoView({ block: 'center' })`)
    await s.screenshot(join(SHOTS, 'report-roster-print.png'))
    await s.waitVisible('.sheet .as-of', '（2025年10月12日）')
    // …and the 重点任务清单 on A4 landscape: every task of the CLI's list, in its order, under its sections
    await s.clickVisible('.print-toolbar button', '返回')
    await s.clickVisible('[data-test="report-more"]')
    await s.clickVisible('[data-test="report-task-print"]')
    const tasks = cli(db, ['task', 'list', '--plan', '1'])
    const tl = await checkPrint(s, 'tasks', `《${sep.plan_title}》重点任务清单`, 'report-print-tasks')
    const printed = await read(
      s,
      `return [...document.querySelectorAll('.pages [data-test="task-list-row"]')].map((r) => [...r.children].map((c) => c.innerText.trim()))`,
    )
    assert.equal(printed.length, tasks.length, 'one row per task')
    assert.deepEqual(
      printed.map((r) => r.slice(0, 2)),
      tasks.map((t, i) => [t.code || String(i + 1), t.title]),
      '序号 and 重点任务 as the task list has them',
    )
    const first = tasks[0]
    assert.deepEqual(printed[0].slice(2, 4), [[...first.lead_units, ...first.responsible_units].join('、'), first.co_units.join('、')])
    const sectionRows = await read(s, `return [...document.querySelectorAll('.pages tr.rp-section')].map((r) => r.innerText.trim())`)
    assert.ok(sectionRows.length > 0 && sectionRows.every((t) => t.length > 0), 'section rows head their tasks')
    await s.waitVisible('[data-test="print-hint"]', `共 ${tl.count} 页`, { contains: true })
    await s.clickVisible('[data-test="print-back"]')
    await s.waitVisible('[data-test="report-more"]')

    // 2025年4月: the plan runs, nobody reported
    const april = report(db, 'summary', '2025-04', '2025-04')
    assert.equal(april.empty, true)
    assert.ok(april.note.includes('2025年4月'), april.note)
    await goTo(s, '#/reports?tab=summary&mode=month&from=2025-04&to=2025-04')
    await s.waitVisible('[data-test="report-empty"]', april.note, { contains: true, timeoutMs: 20_000 })
    assert.equal(await read(s, `return document.querySelectorAll('[data-test="summary-table"]').length`), 0, 'no empty table')
    await s.screenshot(join(SHOTS, 'report-05-empty.png'))
    // the 进展统计 of that month says so and counts the tasks' own statuses
    const aprilStats = report(db, 'stats', '2025-04', '2025-04')
    assert.equal(aprilStats.empty, true)
    await s.clickVisible('.el-tabs__item', '进展统计')
    await s.waitVisible('[data-test="report-note"]', aprilStats.note, { contains: true, timeoutMs: 20_000 })
    await s.waitVisible('[data-test="kpi-total"] [data-test="kpi-value"]', String(aprilStats.totals.total))
    // 2025年10月 is due on 11月5日: nothing to circulate yet
    const october = report(db, 'circular', '2025-10', '2025-10')
    assert.equal(october.empty, true)
    await goTo(s, '#/reports?tab=circular&mode=month&from=2025-10&to=2025-10')
    await s.waitVisible('[data-test="report-empty"]', october.note, { contains: true, timeoutMs: 20_000 })
    assert.equal(await read(s, `return document.querySelectorAll('[data-test="circular-units"]').length`), 0, 'no empty table')

    await goTo(s, '#/reports/print?kind=summary&plan=1&from=2025-04&to=2025-04')
    await s.waitVisible('.pages [data-test="print-empty"]', april.note, { timeoutMs: 20_000 })
    await s.screenshot(join(SHOTS, 'report-print-empty.png'))

    // 2026年3月 is after the plan's last reporting month
    let cliMessage = ''
    try {
      report(db, 'stats', '2026-03', '2026-03')
    } catch (e) {
      cliMessage = String(/** @type {any} */ (e).stderr ?? e)
    }
    assert.match(cliMessage, /2026/, 'the CLI refuses the month')
    await goTo(s, '#/reports?tab=stats&mode=month&from=2026-03&to=2026-03')
    const shown = String(await s.text(await s.waitVisible('[data-test="report-error"]', null, { timeoutMs: 20_000 })))
    assert.match(shown, /[\u4e00-\u9fa5]/, 'a Chinese message')
    assert.ok(cliMessage.includes(shown.trim()), `the window says what the CLI says: ${shown} / ${cliMessage}`)
  })
})
