/**
 * A tolerant multipart/form-data reader. Telegram accepts what grammY sends (headers
 * without a space after the colon, unquoted filename), which the WHATWG FormData parser
 * in Node rejects, so the emulator parses parts itself.
 */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('no multipart boundary found in the body');
  while (true) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw new Error('multipart body is not terminated');
    let chunk = body.subarray(pos, next);
    // the CRLF before a delimiter belongs to the delimiter
    if (chunk.subarray(-2).toString() === '\r\n') chunk = chunk.subarray(0, -2);
    else if (chunk.subarray(-1).toString() === '\n') chunk = chunk.subarray(0, -1);
    let headerEnd = chunk.indexOf('\r\n\r\n');
    let sep = 4;
    if (headerEnd < 0) {
      headerEnd = chunk.indexOf('\n\n');
      sep = 2;
    }
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = new Map<string, string>();
    for (const line of chunk.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = param(disposition, 'filename');
    const part: Part = { name, data: chunk.subarray(headerEnd + sep) };
    if (filename !== undefined) part.filename = filename;
    const ct = headers.get('content-type');
    if (ct) part.contentType = ct;
    parts.push(part);
    pos = next;
  }
  return parts;
}

function param(header: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}
