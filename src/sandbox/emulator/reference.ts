/**
 * Shape of the machine-readable Bot API reference (`test/fixtures/telegram-bot-api.json`)
 * and the one derivation the emulator needs from it at run time: how to coerce each
 * parameter that arrives as a string (forms, multipart, query strings).
 */
export interface RefField {
  name: string;
  types: string[];
  required: boolean;
  description?: string;
}
export interface RefMethod {
  name: string;
  returns: string[];
  fields?: RefField[];
}
export interface RefType {
  name: string;
  fields?: RefField[];
  subtypes?: string[];
}
export interface ApiReference {
  version: string;
  methods: Record<string, RefMethod>;
  types: Record<string, RefType>;
}

/**
 * int, float, bool, str: scalars; id: Integer or String (chat_id); json: any object or
 * array (arrives JSON-serialised in forms); file: InputFile or String (upload or file_id/URL).
 */
export type ParamKind = 'int' | 'float' | 'bool' | 'str' | 'id' | 'json' | 'file';

export function kindOf(types: readonly string[]): ParamKind {
  const key = types.join('|');
  if (types.includes('InputFile')) return 'file';
  switch (key) {
    case 'Integer':
      return 'int';
    case 'Float':
      return 'float';
    case 'Boolean':
      return 'bool';
    case 'String':
      return 'str';
    case 'Integer|String':
      return 'id';
    default:
      return 'json';
  }
}

export type ParamTable = Record<string, { params: Record<string, ParamKind>; required: string[] }>;

export function deriveParamTable(ref: ApiReference): ParamTable {
  const out: ParamTable = {};
  for (const [name, m] of Object.entries(ref.methods)) {
    const params: Record<string, ParamKind> = {};
    const required: string[] = [];
    for (const f of m.fields ?? []) {
      params[f.name] = kindOf(f.types);
      if (f.required) required.push(f.name);
    }
    out[name] = { params, required };
  }
  return out;
}
