import { publicDataKey } from '../host-dirs.js';
import { SandboxError } from '../types.js';
import { docker, statusOf } from '../docker/client.js';
import { LABELS, ownerStartTime } from '../docker/container.js';
import { ownerAlive } from '../docker/gc.js';
import { runtimeImageTag } from '../docker/image.js';
import { packTrees, type Ownership } from './archive.js';

/**
 * The engine volumes a docker-copy sandbox reads its data from: nothing is bind-mounted from the
 * harness's file system, so the public data and each declared input are copied into volumes of
 * the engine's own (on a remote engine, on its machine) through the engine's archive API.
 *
 * The archive API cannot write into a container's tmpfs mounts or a read-only root filesystem,
 * but it can write into a volume mounted writable in a container that is created and never
 * started: a filler, with the volumes to fill under /fill. Sandboxes then mount them read-only
 * (public data, read-only inputs) or writable (writable inputs). Files of a read-only tree belong
 * to root, 0444/0555; of a writable one, to the code's uid.
 */

/** Labels of docker-copy's volumes, besides the container ones gc() goes by (mle-arena=1, owner pid and start). */
export const VOLUME_LABELS = { kind: 'mle-arena.volume' } as const;

/** Where a filler container mounts the volumes it fills (never started: no code sees it). */
const FILL_ROOT = '/fill';

function ownerLabels(): Record<string, string> {
  return { [LABELS.arena]: '1', [LABELS.ownerPid]: String(process.pid), [LABELS.ownerStart]: ownerStartTime(process.pid) ?? '', [LABELS.created]: new Date().toISOString() };
}

export async function createVolume(name: string, kind: 'data' | 'input'): Promise<string> {
  await docker().createVolume({ Name: name, Driver: 'local', Labels: { ...ownerLabels(), [VOLUME_LABELS.kind]: kind } });
  return name;
}

/** Removes volumes, ignoring ones already gone. */
export async function removeVolumes(names: string[]): Promise<void> {
  for (const name of names) {
    await docker()
      .getVolume(name)
      .remove({ force: true })
      .catch((err: unknown) => {
        if (statusOf(err) !== 404) throw new SandboxError(`could not remove volume ${name}: ${(err as Error).message}`);
      });
  }
}

/** Copies host directories into volumes (volume name → host directory), with `owner`'s ownership and modes. */
export async function fillVolumes(trees: Record<string, string>, owner: Ownership): Promise<void> {
  const names = Object.keys(trees);
  if (names.length === 0) return;
  const filler = await docker().createContainer({
    Image: runtimeImageTag(),
    Cmd: ['/bin/true'],
    Labels: { ...ownerLabels(), [LABELS.sandbox]: 'filler' },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Mounts: names.map((name) => ({ Type: 'volume' as const, Source: name, Target: `${FILL_ROOT}/${name}` })),
    },
  });
  try {
    // Each tree's top entry is the volume's mount point: its owner and mode become the volume root's.
    await filler.putArchive(packTrees(trees, owner), { path: FILL_ROOT });
  } finally {
    await filler.remove({ force: true }).catch(() => undefined);
  }
}

const dataVolumes = new Map<string, Promise<string>>();

/**
 * The volume holding a task's public data: made once per content key and process (as the docker
 * backend's views are), shared read-only by every sandbox of it; gc removes it once the process
 * is gone.
 */
export async function publicDataVolume(publicDir: string): Promise<string> {
  const { source, key } = await publicDataKey(publicDir);
  const name = `mle-arena-data-p${process.pid}-${key}`;
  const cached = dataVolumes.get(name);
  if (cached) {
    // A volume removed behind the process's back would be created again empty by the engine when mounted: make it anew.
    const ready = await cached.then(() => true, () => false);
    if (ready && (await docker().getVolume(name).inspect().then(() => true, () => false))) return name;
    if (dataVolumes.get(name) === cached) dataVolumes.delete(name);
  }
  let made = dataVolumes.get(name);
  if (!made) {
    made = createVolume(name, 'data').then(async () => {
      await fillVolumes({ [name]: source }, { uid: 0, gid: 0, readOnly: true });
      return name;
    });
    // A failed copy is tried again by the next sandbox, from a fresh volume.
    made.catch(() => {
      dataVolumes.delete(name);
      void removeVolumes([name]).catch(() => undefined);
    });
    dataVolumes.set(name, made);
  }
  return made;
}

/** Removes docker-copy volumes whose owning process is gone (or, with allButMine, every one not of this process). */
export async function gcVolumes(options: { allButMine?: boolean } = {}): Promise<number> {
  const { Volumes } = await docker().listVolumes({ filters: { label: [`${LABELS.arena}=1`, VOLUME_LABELS.kind] } });
  let removed = 0;
  for (const v of Volumes ?? []) {
    const labels = v.Labels ?? {};
    const pid = Number(labels[LABELS.ownerPid]);
    const orphan = options.allButMine ? pid !== process.pid : !ownerAlive(pid, labels[LABELS.ownerStart]);
    if (!orphan) continue;
    // A volume still mounted by a live container (409) is left for a later gc.
    const gone = await docker().getVolume(v.Name).remove().then(() => true, () => false);
    if (gone) removed += 1;
  }
  return removed;
}
