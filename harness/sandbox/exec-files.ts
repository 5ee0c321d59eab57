import { z } from 'zod';
import { components, DEFAULT_READ_LIMIT, refusalOfOpen, refuse } from './file-refusals.js';
import { SANDBOX_PATHS, SandboxError, type ExecOptions, type ExecResult } from './types.js';

/**
 * Workspace files read and written by a program run inside the sandbox, for a backend whose
 * workspace is not on the harness's file system (docker-copy). The program runs as the code (so
 * what it writes is the code's), isolated (`-I`: nothing of the workspace or the environment on
 * its path), walks to the file without following a link (lstat of every directory on the way,
 * then O_NOFOLLOW | O_NONBLOCK and fstat of the very descriptor), and reports on one JSON line
 * what it found; a read then streams the file base64-encoded after that line.
 */
const WALK = String.raw`
import base64, errno, json, os, stat, sys
mode, rel, parts = sys.argv[1], sys.argv[2], sys.argv[3:]
def done(**kw):
    sys.stdout.write(json.dumps(kw) + '\n'); sys.stdout.flush()
def fail(**kw):
    done(**kw); sys.exit(0)
fd = os.open('${SANDBOX_PATHS.workspace}', os.O_RDONLY | os.O_DIRECTORY)
for i, part in enumerate(parts[:-1]):
    where = '/'.join(parts[:i + 1])
    try:
        st = os.stat(part, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        if mode == 'read': fail(refused='missing')
        os.mkdir(part, 0o755, dir_fd=fd); st = os.stat(part, dir_fd=fd, follow_symlinks=False)
    if stat.S_ISLNK(st.st_mode): fail(refused='linkOnTheWay', part=where)
    if not stat.S_ISDIR(st.st_mode): fail(refused='notADirectory', part=where)
    fd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
flags = os.O_NOFOLLOW | os.O_NONBLOCK | (os.O_RDONLY if mode == 'read' else os.O_WRONLY | os.O_CREAT | (os.O_EXCL if mode == 'create' else 0))
try:
    f = os.open(parts[-1], flags, 0o644, dir_fd=fd)
except OSError as e:
    fail(errno=errno.errorcode.get(e.errno, str(e.errno)))
st = os.fstat(f)
if not stat.S_ISREG(st.st_mode): fail(refused='notAFile' if mode == 'read' else 'notWritable')
if mode == 'read':
    limit = int(sys.stdin.readline())
    if st.st_size > limit: fail(refused='tooLarge', size=st.st_size)
    done(size=st.st_size)
    while True:
        chunk = os.read(f, 3 << 18)
        if not chunk: break
        sys.stdout.write(base64.b64encode(chunk).decode())
else:
    data = base64.b64decode(sys.stdin.read())
    os.ftruncate(f, 0); os.write(f, data); os.fchmod(f, 0o644)
    done(size=len(data))
`;

// Strict: a refusal also carries a size, and must not pass for a success.
const Report = z.union([
  z.strictObject({ size: z.number().int().nonnegative() }),
  z.strictObject({ refused: z.enum(['missing', 'linkOnTheWay', 'notADirectory', 'notAFile', 'notWritable', 'tooLarge']), part: z.string().optional(), size: z.number().optional() }),
  z.strictObject({ errno: z.string() }),
]);

/** Runs a command in the sandbox's workspace (the backend's own, unqueued or queued execution). */
export type RunInSandbox = (argv: string[], options: ExecOptions) => Promise<ExecResult>;

/** Time a file operation may take: a large file through base64 on a loaded machine. */
const FILE_OP_TIMEOUT_SEC = 120;

async function walk(run: RunInSandbox, id: string, mode: 'read' | 'write' | 'create', relativePath: string, stdin: string, outputLimitBytes: number): Promise<{ size: number; body: string }> {
  const parts = components(relativePath);
  const r = await run([SANDBOX_PATHS.python, '-I', '-c', WALK, mode, relativePath, ...parts], { timeoutSec: FILE_OP_TIMEOUT_SEC, stdin, outputLimitBytes });
  const newline = r.stdout.indexOf('\n');
  if (r.exitCode !== 0 || r.stdoutTruncated || newline < 0) throw new SandboxError(`sandbox ${id}: reading or writing "${relativePath}" failed (exit ${r.exitCode ?? r.signal}): ${r.stderr.slice(0, 500)}`);
  const parsed = Report.safeParse(JSON.parse(r.stdout.slice(0, newline)));
  if (!parsed.success) throw new SandboxError(`sandbox ${id}: the file program's report on "${relativePath}" is not as expected: ${parsed.error.message}`);
  const report = parsed.data;
  if ('errno' in report) throw refusalOfOpen(report.errno, relativePath);
  if ('refused' in report) {
    if (report.refused === 'tooLarge') throw refuse.tooLarge(relativePath, report.size ?? 0, Number(stdin));
    if (report.refused === 'linkOnTheWay' || report.refused === 'notADirectory') throw refuse[report.refused](relativePath, report.part ?? '');
    throw refuse[report.refused](relativePath);
  }
  return { size: report.size, body: r.stdout.slice(newline + 1) };
}

/** Reads a regular file of /workspace of at most `maxBytes`, through the sandbox. */
export async function readThroughSandbox(run: RunInSandbox, id: string, relativePath: string, maxBytes = DEFAULT_READ_LIMIT): Promise<Buffer> {
  const { size, body } = await walk(run, id, 'read', relativePath, `${maxBytes}\n`, Math.ceil(maxBytes / 3) * 4 + 4096);
  const data = Buffer.from(body, 'base64');
  if (data.length !== size) throw new SandboxError(`sandbox ${id}: "${relativePath}" came out as ${data.length} bytes, not ${size}`);
  return data;
}

/** Writes a file of /workspace through the sandbox, as the code's uid, mode 0644. */
export async function writeThroughSandbox(run: RunInSandbox, id: string, relativePath: string, data: string | Buffer, options?: { exclusive?: boolean }): Promise<void> {
  await walk(run, id, options?.exclusive ? 'create' : 'write', relativePath, Buffer.from(data).toString('base64'), 4096);
}
