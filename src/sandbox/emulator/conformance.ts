import type { ApiReference, RefType } from './reference.ts';

/**
 * Checks values against the Bot API reference: the emulator's results must have every
 * required field, the documented field types (recursively), and no undocumented fields.
 * Reusable by any test that wants to hold a Bot API JSON value to the reference.
 */

const SCALARS: Record<string, (v: unknown) => boolean> = {
  Integer: (v) => typeof v === 'number' && Number.isInteger(v),
  Float: (v) => typeof v === 'number' && Number.isFinite(v),
  String: (v) => typeof v === 'string',
  Boolean: (v) => typeof v === 'boolean',
  True: (v) => v === true,
};

/** Errors of `value` against any of `types` (alternatives such as ["Message", "Boolean"]); [] = conforms. */
export function checkValue(ref: ApiReference, types: readonly string[], value: unknown, path = '$'): string[] {
  let best: string[] | undefined;
  for (const t of types) {
    const errs = checkType(ref, t, value, path);
    if (errs.length === 0) return [];
    if (!best || errs.length < best.length) best = errs;
  }
  return best ?? [`${path}: no type to check against`];
}

export function checkType(ref: ApiReference, type: string, value: unknown, path = '$'): string[] {
  if (type.startsWith('Array of ')) {
    if (!Array.isArray(value)) return [`${path}: expected ${type}, got ${describe(value)}`];
    const inner = type.slice('Array of '.length);
    return value.flatMap((v, i) => checkType(ref, inner, v, `${path}[${i}]`));
  }
  const scalar = SCALARS[type];
  if (scalar) return scalar(value) ? [] : [`${path}: expected ${type}, got ${describe(value)}`];
  const t: RefType | undefined = ref.types[type];
  if (!t) return [`${path}: type ${type} is not in the reference`];
  if (t.subtypes && t.subtypes.length > 0) {
    const errs = checkValue(ref, t.subtypes, value, path);
    return errs.length === 0 ? [] : [`${path}: matches no variant of ${type} (closest: ${errs.join('; ')})`];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected ${type} object, got ${describe(value)}`];
  const obj = value as Record<string, unknown>;
  const errors: string[] = [];
  const fields = t.fields ?? [];
  const known = new Set(fields.map((f) => f.name));
  for (const f of fields) {
    const v = obj[f.name];
    if (v === undefined) {
      if (f.required) errors.push(`${path}.${f.name}: required field of ${type} is missing`);
      continue;
    }
    errors.push(...checkValue(ref, f.types, v, `${path}.${f.name}`));
  }
  for (const k of Object.keys(obj)) {
    if (!known.has(k) && obj[k] !== undefined) errors.push(`${path}.${k}: field is not documented for ${type}`);
  }
  // Subtype discrimination: fields documented as a fixed string ("type", "status") must match.
  const expected = fixedValue(t);
  if (expected && obj[expected.field] !== expected.value) {
    errors.push(`${path}.${expected.field}: ${type} must have ${expected.field} "${expected.value}"`);
  }
  return errors;
}

/** For variants like ChatMemberOwner (status "creator") or MessageOriginUser (type "user"). */
function fixedValue(t: RefType): { field: string; value: string } | undefined {
  for (const f of t.fields ?? []) {
    if (f.name !== 'type' && f.name !== 'status' && f.name !== 'source') continue;
    const m = /(?:always|must be) [“"]?([a-z_]+)[”"]?/i.exec(f.description ?? '');
    if (m?.[1]) return { field: f.name, value: m[1] };
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'string' ? `string ${JSON.stringify(v.slice(0, 20))}` : typeof v;
}

/** Result of a method call against the method's documented return type. */
export function checkResult(ref: ApiReference, method: string, result: unknown): string[] {
  const m = ref.methods[method];
  if (!m) return [`${method}: not in the reference`];
  return checkValue(ref, m.returns, result, `${method}()`);
}

/** Parameter names a method read that the reference does not document for it. */
export function undocumentedParams(ref: ApiReference, read: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const out: string[] = [];
  for (const [method, names] of read) {
    const documented = new Set((ref.methods[method]?.fields ?? []).map((f) => f.name));
    for (const n of names) if (!documented.has(n)) out.push(`${method}.${n}`);
  }
  return out;
}

export function requiredParams(ref: ApiReference, method: string): string[] {
  return (ref.methods[method]?.fields ?? []).filter((f) => f.required).map((f) => f.name);
}
