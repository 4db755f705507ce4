// @ts-check
// Measures the desktop window under Xvfb: cold start to first paint and memory after start.
//   xvfb-run -a -s "-screen 0 1280x800x24" node ui/e2e/measure.mjs [runs]
// Start = WebDriver session request (tauri-driver spawns the app) → the navigation is on screen,
// on a database that already holds the sample plan. RSS = the app process plus the WebKit processes.
import { cli, launch, tempDb, windowMemory } from './lib/app.mjs'
import { sleep } from './lib/webdriver.mjs'

const runs = Number(process.argv[2] ?? 5)

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
    console.log(`RSS 2 s after start (MiB): ${JSON.stringify(windowMemory(app.pids))}`)
  }
  await app.close()
}
starts.sort((a, b) => a - b)
console.log(`cold start to first paint over ${runs} runs (ms): ${starts.join(', ')}; median ${starts[Math.floor(runs / 2)]}`)
