// What MariaDB itself counted while a fixture ran: the difference of two statementCounters() snapshots.

export function counterDiff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}

/**
 * Statements the server ran, by any protocol: a prepared execution counts under its kind (Com_insert…)
 * as well as Com_stmt_execute, so the Com_stmt_* counters are left out, and so is the one SHOW STATUS
 * of the second snapshot. Com_admin_commands counts pings (COM_PING), which are not statements.
 */
export function statementsRun(diff: Record<string, number>): number {
  return Object.entries(diff)
    .filter(([k]) => !k.startsWith('Com_stmt_') && k !== 'Com_show_status' && k !== 'Com_admin_commands')
    .reduce((sum, [, v]) => sum + v, 0);
}
