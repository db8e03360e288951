import type { Transformer } from 'grammy';

/**
 * A forward shows the original sender, which can reveal a client's account. Copies are the only
 * way messages move between the client and staff, and this makes any slip fail loudly.
 */
export const neverForward: Transformer = (prev, method, payload, signal) => {
  if (method === 'forwardMessage' || method === 'forwardMessages') {
    throw new Error(`${method} is not allowed: messages are copied, never forwarded`);
  }
  return prev(method, payload, signal);
};
