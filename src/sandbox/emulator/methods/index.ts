import { botMethods } from './bot.ts';
import { chatMethods } from './chats.ts';
import { editMethods } from './edit.ts';
import { forumMethods } from './forum.ts';
import { messageMethods } from './messages.ts';
import type { HandlerTable } from './types.ts';

/** Every Bot API method the emulator implements, by its documented name. */
export const METHODS: HandlerTable = { ...botMethods, ...messageMethods, ...editMethods, ...forumMethods, ...chatMethods };
