// The browser tests drive Debian's Chromium (playwright-core does not download browsers here).
// Installs it with apt-get when it is missing and we may (root); otherwise says how, and the
// browser tests fail with the same message.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
// The console marks cases with emoji (🚨 🌙); without a font for them the screenshots show boxes.
const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(existsSync(EMOJI_FONT) ? [] : ['fonts-noto-color-emoji'])];
if (missing.length > 0) {
  if (process.getuid?.() === 0) {
    console.error(`netreach: installing Debian ${missing.join(' and ')} for the browser tests…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execSync(`apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`, { stdio: 'inherit', env });
  } else if (missing.includes('chromium')) {
    console.error(`netreach: the browser tests need ${CHROMIUM}: run \`sudo apt-get install chromium\``);
  }
}
