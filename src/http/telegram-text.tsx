import type { Child } from 'hono/jsx';
import type { MessageEntity } from 'grammy/types';

/**
 * A message's text with its entities, drawn as Telegram draws it: bold, italic, underline,
 * strikethrough, spoilers, code, pre (with its language), links, blockquotes. Built only from the
 * text and the entities the emulator stored (never from the bot's markup), and the text always goes
 * out escaped: nothing the bot sends becomes HTML of its own.
 */

export interface RenderOptions {
  /**
   * Where a link goes: the simulator's own page for a deep link to the bot, the URL itself for
   * any other http(s) link; undefined draws the link as plain text.
   */
  href?: (url: string) => string | undefined;
}

interface Node {
  entity?: MessageEntity;
  start: number;
  end: number;
  children: Node[];
}

/** Entities that stand as a block of their own (a line break around them is the block's). */
const BLOCK = new Set(['pre', 'blockquote', 'expandable_blockquote']);

/** Outer before inner when two start at the same place and are as long: the order Telegram nests them. */
const RANK: Record<string, number> = { blockquote: 0, expandable_blockquote: 0, pre: 1, text_link: 2, url: 2, spoiler: 3, bold: 4, italic: 5, underline: 6, strikethrough: 7, code: 8 };

/**
 * The entities as a tree: each inside the one that contains it. An entity that crosses the end of
 * the one it starts in (Telegram does not send such, but a bot's own list could) is cut in two there.
 */
export function entityTree(text: string, entities: readonly MessageEntity[] = []): Node {
  const root: Node = { start: 0, end: text.length, children: [] };
  const order = (a: Node, b: Node) => a.start - b.start || b.end - a.end || (RANK[a.entity!.type] ?? 9) - (RANK[b.entity!.type] ?? 9);
  const queue: Node[] = entities
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .map((e) => ({ entity: e, start: e.offset, end: Math.min(text.length, e.offset + e.length), children: [] }))
    .sort(order);
  const stack: Node[] = [root];
  while (queue.length) {
    const n = queue.shift()!;
    while (stack.length > 1 && n.start >= stack.at(-1)!.end) stack.pop();
    const parent = stack.at(-1)!;
    if (n.end > parent.end) {
      queue.push({ entity: n.entity, start: parent.end, end: n.end, children: [] });
      queue.sort(order);
      n.end = parent.end;
    }
    parent.children.push(n);
    stack.push(n);
  }
  return root;
}

/** An http(s), mailto or tg link as it may be followed; anything else (javascript:, data:…) is not a link. */
export function safeUrl(raw: string): string | undefined {
  const s = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `http://${s}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return undefined;
  }
  return ['http:', 'https:', 'mailto:', 'tg:'].includes(u.protocol) ? u.href : undefined;
}

function linkOf(e: MessageEntity, inner: string, opts: RenderOptions): string | undefined {
  const raw = e.type === 'text_link' ? e.url : e.type === 'url' ? inner : e.type === 'email' ? `mailto:${inner}` : undefined;
  if (raw === undefined) return undefined;
  const safe = safeUrl(raw);
  if (!safe) return undefined;
  return opts.href ? opts.href(safe) : /^https?:|^mailto:/.test(safe) ? safe : undefined;
}

function render(text: string, node: Node, opts: RenderOptions): Child[] {
  const out: Child[] = [];
  let at = node.start;
  const plain = (from: number, to: number, trimStart: boolean, trimEnd: boolean) => {
    let s = text.slice(from, to);
    // A block already breaks the line: the newline next to it would be an empty line of its own.
    if (trimStart && s.startsWith('\n')) s = s.slice(1);
    if (trimEnd && s.endsWith('\n')) s = s.slice(0, -1);
    if (s) out.push(s);
  };
  let afterBlock = false;
  for (const child of node.children) {
    const block = BLOCK.has(child.entity!.type);
    plain(at, child.start, afterBlock, block);
    out.push(element(text, child, opts));
    afterBlock = block;
    at = child.end;
  }
  plain(at, node.end, afterBlock, false);
  return out;
}

function element(text: string, node: Node, opts: RenderOptions): Child {
  const e = node.entity!;
  const inner = render(text, node, opts);
  switch (e.type) {
    case 'bold':
      return <b>{inner}</b>;
    case 'italic':
      return <i>{inner}</i>;
    case 'underline':
      return <u>{inner}</u>;
    case 'strikethrough':
      return <s>{inner}</s>;
    case 'spoiler':
      // Hidden until pointed at or focused (tapped), as Telegram shows it until tapped.
      return (
        <span class="spoiler" tabindex={0}>
          {inner}
        </span>
      );
    case 'code':
      return <code>{inner}</code>;
    case 'pre': {
      const lang = e.language && /^[\w+#.-]{1,32}$/.test(e.language) ? e.language : undefined;
      return (
        <pre>
          {lang ? <span class="lang">{lang}</span> : null}
          <code>{inner}</code>
        </pre>
      );
    }
    case 'blockquote':
      return <blockquote>{inner}</blockquote>;
    case 'expandable_blockquote':
      return <blockquote class="expandable">{inner}</blockquote>;
    case 'text_link':
    case 'url':
    case 'email': {
      const href = linkOf(e, text.slice(node.start, node.end), opts);
      if (!href) return <>{inner}</>;
      const own = href.startsWith('/');
      return own ? (
        <a href={href}>{inner}</a>
      ) : (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {inner}
        </a>
      );
    }
    case 'mention':
    case 'text_mention':
    case 'hashtag':
    case 'cashtag':
    case 'bot_command':
    case 'phone_number':
      return <span class="ent">{inner}</span>;
    default:
      // custom_emoji (its text is the emoji itself), date_time and whatever comes later: the text.
      return <>{inner}</>;
  }
}

/** The text with its entities drawn. */
export function Formatted(props: { text: string; entities?: readonly MessageEntity[]; opts?: RenderOptions }) {
  return <>{render(props.text, entityTree(props.text, props.entities), props.opts ?? {})}</>;
}
