// Regenerates assets/holidays/jp-public-holidays.csv from the npm package @holiday-jp/holiday_jp
// (MIT), which tracks the Cabinet Office's list of national holidays (内閣府「国民の祝日」) and
// extends it by the Holiday Act's rules. Maintenance only, not part of the build or the tests:
//   npm pack @holiday-jp/holiday_jp && tar xzf holiday-jp-holiday_jp-*.tgz
//   node scripts/update-holidays.mjs package/lib/holidays.js > assets/holidays/jp-public-holidays.csv
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const source = path.resolve(process.argv[2]);
const holidays = require(source);
const lines = ['date,name,name_en'];
for (const day of Object.values(holidays).sort((a, b) => a.date.localeCompare(b.date))) {
  if (day.date < '2000-01-01') continue;
  lines.push([day.date, day.name, day.name_en].map((v) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(','));
}
process.stdout.write(lines.join('\n') + '\n');
