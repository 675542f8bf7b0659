import type { AgentSnapshot, UplinkSnapshot } from './agent-snapshot.js';
import type { Readiness } from './readiness.js';

/** Milliseconds as a short age: `850ms`, `12s`, `4m 05s`, `3h 20m`. */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function uplinkLine(u: UplinkSnapshot, time: number): string {
  const b = u.backlog;
  const backlog = `backlog ${b.pendingRecords} records / ${b.pendingBytes} B` + (b.oldestPendingAgeMs === null ? '' : ` (oldest ${formatAge(b.oldestPendingAgeMs)})`) + `, ${b.sealedUnacked} sealed unacked`;
  const ack = u.lastAckTime === null ? 'no ack yet' : `last ack seq ${u.lastAckSeq} ${formatAge(Math.max(0, time - u.lastAckTime))} ago`;
  const rejects = Object.entries(u.rejects).map(([code, n]) => `${code}×${n}`);
  return (
    `  ${u.name} (${u.sharing}): ${u.state}, ${backlog}, ${ack}, ${u.inFlight} in flight` +
    (rejects.length > 0 ? `, rejects ${rejects.join(' ')}` : '') +
    (u.enqueueErrors > 0 ? `, ${u.enqueueErrors} batches not stored (see the log)` : '') +
    (u.fatal === null ? '' : `, FATAL ${u.fatal.code}: ${u.fatal.message}`)
  );
}

/** The human summary `rongtong-agent status` prints: readiness, sources, uplinks, dropped counts. */
export function formatStatusSummary(snapshot: AgentSnapshot, readiness: Readiness): string[] {
  const lines = [readiness.ready ? 'ready' : `not ready: ${readiness.notReady.join('; ')}`];
  lines.push(`sources (${snapshot.sources.length}):`);
  for (const s of snapshot.sources) {
    const problems = Object.entries(s.counters).filter(([event, n]) => n > 0 && /error|dropped/.test(event));
    lines.push(`  ${s.id} (${s.kind}): ${s.state}` + (problems.length > 0 ? `; ${problems.map(([event, n]) => `${event} ${n}`).join(', ')}` : ''));
  }
  lines.push(`uplinks (${snapshot.uplinks.length}):`);
  for (const u of snapshot.uplinks) lines.push(uplinkLine(u, snapshot.time));
  const d = snapshot.dropped;
  lines.push(`dropped: ${d.samples} samples, ${d.batches} batches, ${d.bytes} B by quota; ${snapshot.unknownSignalSamples} samples of unknown signals`);
  return lines;
}
