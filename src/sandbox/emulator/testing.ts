import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach } from 'vitest';
import { TelegramEmulator } from './index.ts';

/**
 * A fresh emulator (limits off) and a grammY Api talking to it over real HTTP, handed to `use`
 * before each test of the file that calls this at its top level; closed after it.
 */
export function useEmulator(use: (emu: TelegramEmulator, api: Api) => void): void {
  let emu: TelegramEmulator | undefined;
  beforeEach(async () => {
    emu = new TelegramEmulator({ limits: false });
    use(emu, new Api(emu.token, { apiRoot: (await emu.listen(0)).url }));
  });
  afterEach(() => emu?.close());
}

/** The description Telegram (here, the emulator) refused a call with; throws if the call succeeded. */
export async function fails(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrammyError) return e.description;
    throw e;
  }
  throw new Error('the call succeeded');
}
