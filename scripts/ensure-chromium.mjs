// The browser tests drive Debian's Chromium (playwright-core does not download browsers here).
// Installs it with apt-get when it is missing and we may (root); otherwise says how, and the
// browser tests fail with the same message.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.error('netreach: installing Debian chromium for the browser tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execSync('apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit', env });
  } else {
    console.error(`netreach: the browser tests need ${CHROMIUM}: run \`sudo apt-get install chromium\``);
  }
}
