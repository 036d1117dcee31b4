import os from 'node:os';

export interface CpuSnapshot {
  readonly process: NodeJS.CpuUsage;
  readonly busyMs: number;
  readonly totalMs: number;
}

export interface CpuSpent {
  /** CPU seconds of this Node process (user + system). */
  readonly processS: number;
  /** Share of all cores busy machine-wide (Node, PostgreSQL, everything), 0..1. */
  readonly machineBusy: number;
}

export function cpuSnapshot(): CpuSnapshot {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of os.cpus()) {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    busyMs += total - times.idle;
    totalMs += total;
  }
  return { process: process.cpuUsage(), busyMs, totalMs };
}

/** CPU spent between two snapshots, so a phase can be told CPU-bound from waiting. */
export function cpuSpent(from: CpuSnapshot, to: CpuSnapshot = cpuSnapshot()): CpuSpent {
  const user = to.process.user - from.process.user;
  const system = to.process.system - from.process.system;
  const total = to.totalMs - from.totalMs;
  return {
    processS: (user + system) / 1e6,
    machineBusy: total > 0 ? (to.busyMs - from.busyMs) / total : 0,
  };
}
