import { readThroughSandbox, writeThroughSandbox } from '../../harness/sandbox/exec-files.js';
import type { ExecOptions, ExecResult, Sandbox } from '../../harness/sandbox/types.js';

/**
 * A sandbox whose workspace the harness can reach only by exec: readFile and writeFile run a
 * program inside it (harness/sandbox/exec-files.ts), as a backend whose sandboxes are not on the
 * harness's file system must. It wraps another sandbox's exec and hides everything else of it.
 */
export class ExecOnlySandbox implements Sandbox {
  readonly backend: string;
  readonly id: string;

  constructor(private readonly inner: Sandbox) {
    this.backend = `${inner.backend}-exec-only`;
    this.id = inner.id;
  }

  exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    return this.inner.exec(argv, options);
  }

  runPython(code: string, options: ExecOptions): Promise<ExecResult> {
    return this.inner.runPython(code, options);
  }

  readFile(relativePath: string, options?: { maxBytes?: number }): Promise<Buffer> {
    return readThroughSandbox((argv, o) => this.inner.exec(argv, o), this.id, relativePath, options?.maxBytes);
  }

  writeFile(relativePath: string, data: string | Buffer, options?: { exclusive?: boolean }): Promise<void> {
    return writeThroughSandbox((argv, o) => this.inner.exec(argv, o), this.id, relativePath, data, options);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
