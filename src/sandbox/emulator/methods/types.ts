import type { Engine } from '../engine.ts';
import type { Params } from '../params.ts';

/** One Bot API method: reads its documented parameters, returns the result or throws ApiError. */
export type Handler = (e: Engine, p: Params, signal: AbortSignal) => unknown;
export type HandlerTable = Record<string, Handler>;
