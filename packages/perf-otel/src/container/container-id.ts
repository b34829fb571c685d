// container.id from what the process can see of its own container: the last segment of its cgroup
// path (`/docker/<id>`, `…/cri-containerd-<id>.scope`, `crio-<id>.scope`, `libpod-<id>.scope`), else,
// in a private cgroup namespace where that path is only `/`, the runtime's per-container directory
// behind the files it bind-mounts (/etc/hostname, /etc/resolv.conf).

const FROM_CGROUP_SEGMENT = /^(?:docker-|cri-containerd-|crio-|libpod-|containerd-)?([0-9a-f]{64})(?:\.scope)?$/;
// Docker's /var/lib/docker/containers/<id>/…, Podman's …/overlay-containers/<id>/userdata/…. Not the
// CRI sandboxes directory: that id is the pod's sandbox, not this container.
const FROM_MOUNT_ROOT = /\/(?:overlay-)?containers\/([0-9a-f]{64})\//;

export function containerIdFromCgroup(procCgroup: string): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    const m = FROM_CGROUP_SEGMENT.exec(path.slice(path.lastIndexOf('/') + 1));
    if (m) return m[1];
  }
  return undefined;
}

export function containerIdFromMountInfo(mountInfo: string): string | undefined {
  for (const line of mountInfo.split('\n')) {
    const root = line.split(' ', 5)[3];
    const m = root === undefined ? null : FROM_MOUNT_ROOT.exec(root);
    if (m) return m[1];
  }
  return undefined;
}
