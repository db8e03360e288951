// Types for scripts/audit.mjs (plain JS so that CI runs it with node alone), for its test.
export interface Advisory { id: string; source: number; url: string; package: string; title: string; severity: string }
export interface Exception { advisory: string; package: string; reason: string; reviewed: string }
export interface Result { exit: 0 | 1; lines: string[] }
export type Classified = { kind: 'report'; report: AuditReport } | { kind: 'unreachable'; why: string } | { kind: 'broken'; why: string };
export interface AuditReport { vulnerabilities: Record<string, unknown>; metadata?: unknown }
export const BLOCKING: string[];
export function classify(stdout: string, stderr?: string): Classified;
export function parseExceptions(json: unknown, today?: Date): { exceptions: Exception[]; problems: string[] };
export function advisoriesOf(report: AuditReport): Advisory[];
export function explains(exception: Exception, advisory: Advisory): boolean;
export function decide(report: AuditReport, exceptions: Exception[]): Result;
export function run(input: { stdout: string; stderr?: string; exceptionsJson: unknown; required: boolean; today?: Date }): Result;
