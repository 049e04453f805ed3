import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Where this process's pid means this process: the table of processes it is numbered in.
 * A host name alone is not that: containers that share one (host networking, the containers
 * of one Kubernetes pod) each number their processes in a PID namespace of their own, where
 * another's pid names nothing or someone else. On Linux the namespace is named by its inode
 * and the kernel's boot id (inodes are unique on one machine until it reboots); elsewhere
 * (macOS, Windows: no PID namespaces) the host name is the table.
 */
export function processTable(): string {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${hostname()} ${bootId} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return hostname();
  }
}

/**
 * Whether no process has this pid here: only `kill(pid, 0)` failing with ESRCH says so. EPERM
 * (another user's process) is a live one. A reused pid makes a gone process look alive, never
 * the reverse, so an answer of "gone" can be trusted.
 */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
