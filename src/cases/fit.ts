/** Telegram's limit for a message's text, in characters after entity parsing. */
export const MESSAGE_LIMIT = 4096;

/**
 * Cuts text a person typed so that, wrapped in a template, the message stays within Telegram's
 * limit: `room` is what the template around it takes. An ellipsis shows where it was cut.
 */
export function fitInto(text: string, room: number, limit = MESSAGE_LIMIT): string {
  const max = Math.max(1, limit - room);
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A template's text with a user's words cut to fit: `render` fills the template with the words given. */
export function renderFitted(render: (words: string) => string, words: string, limit = MESSAGE_LIMIT): string {
  const room = [...render('')].length;
  return render(fitInto(words, room, limit));
}
