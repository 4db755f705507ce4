// @ts-check
// Measures the desktop window under Xvfb: cold start to first paint and memory after start.
//   xvfb-run -a -s "-screen 0 1280x800x24" node ui/e2e/measure.mjs [runs]
// Start = WebDriver session request (tauri-driver spawns the app) → the navigation is on screen,
// on a database that already holds the sample plan. RSS = the app process plus the WebKit processes.
import { execFileSync } from 'node:child_process'
import { cli, launch, tempDb } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const runs = Number(process.argv[2] ?? 5)

/** RSS in MiB of the app and of its WebKit helper processes, from ps. */
function rss() {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, kb, comm]) => ({ pid, ppid, kb: Number(kb), comm }))
  const app = rows.find((r) => r.comm.startsWith('taizhang-deskto'))
  if (!app) return null
  // WebKit's helpers may be started through a sandbox, so not always as direct children: take
  // every WebKit process (only this app runs them under the test's Xvfb).
  const children = rows.filter(
    (r) => r.ppid === app.pid || (r.comm.startsWith('WebKit') && r.comm !== 'WebKitWebDriver'),
  )
  const mb = (kb) => Math.round((kb / 1024) * 10) / 10
  return {
    app: mb(app.kb),
    webkit: mb(children.reduce((n, r) => n + r.kb, 0)),
    total: mb(app.kb + children.reduce((n, r) => n + r.kb, 0)),
    children: children.map((r) => `${r.comm}=${mb(r.kb)}`).join(', '),
  }
}

const starts = []
for (let i = 0; i < runs; i++) {
  const db = tempDb('measure')
  cli(db, ['sample'])
  const app = await launch(db)
  starts.push(app.startedMs)
  if (i === runs - 1) {
    await app.s.waitVisible('[data-test="plan-title"]')
    await sleep(2000)
    const fcp = await app.s.exec(`return Math.round(performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? -1)`)
    console.log(`first-contentful-paint in the page: ${fcp} ms after navigation start`)
    console.log(`RSS 2 s after start (MiB): ${JSON.stringify(rss())}`)
  }
  await app.close()
}
starts.sort((a, b) => a - b)
console.log(`cold start to first paint over ${runs} runs (ms): ${starts.join(', ')}; median ${starts[Math.floor(runs / 2)]}`)
