/**
 * A real, tiny file system (tmpfs) to fill up or mount read-only, for the data-dir faults.
 * Needs root (CI runs as root); `available` says why not otherwise, for the skip message.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  /** Writes a file until the disk has no space left. */
  fill(): void;
  /** Frees what fill() took. */
  free(): void;
  remount(mode: 'ro' | 'rw'): void;
  unmount(): void;
}

export const smallDiskUnavailable: string | null = probe();

function probe(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  try {
    mountSmallDisk().unmount();
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here: ${(error as Error).message}`;
  }
}

export function mountSmallDisk(sizeMb = 8): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'herald-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
      } catch {
        // dd stops with "No space left on device": exactly what we want.
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remount(mode) {
      execFileSync('mount', ['-o', `remount,${mode}`, dir]);
    },
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
