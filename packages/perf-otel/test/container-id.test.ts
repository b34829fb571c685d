import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerIdFromCgroup, containerIdFromMountInfo } from '../src/container/container-id';

const ID = '3f4e1b6c9a2d8e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef0';
const fixture = (tree: string, file: string) => readFileSync(join(__dirname, 'fixtures/cgroup', tree, 'proc/self', file), 'utf8');

describe('container.id', () => {
  it.each([
    ['docker, cgroup v1', `11:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n`],
    ['docker, cgroup v2 with the systemd driver', `0::/system.slice/docker-${ID}.scope\n`],
    [
      'Kubernetes containerd, systemd driver',
      `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b3c4d_5e6f_7081_92a3_b4c5d6e7f809.slice/cri-containerd-${ID}.scope\n`,
    ],
    ['Kubernetes, cgroupfs driver', `0::/kubepods/burstable/pod1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809/${ID}\n`],
    ['CRI-O', `0::/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope\n`],
    ['Podman', `0::/machine.slice/libpod-${ID}.scope\n`],
  ])('from /proc/self/cgroup: %s', (_, text) => {
    expect(containerIdFromCgroup(text)).toBe(ID);
  });

  it('not from a conmon scope, a pod slice or the root', () => {
    expect(containerIdFromCgroup(`0::/machine.slice/crio-conmon-${ID}.scope\n`)).toBeUndefined();
    expect(containerIdFromCgroup('0::/kubepods.slice/kubepods-pod1a2b.slice\n')).toBeUndefined();
    expect(containerIdFromCgroup('0::/\n')).toBeUndefined();
  });

  it('from mountinfo in a private cgroup namespace (docker on v2): the runtime directory behind /etc/hostname', () => {
    expect(containerIdFromCgroup(fixture('v2-container', 'cgroup'))).toBeUndefined();
    expect(containerIdFromMountInfo(fixture('v2-container', 'mountinfo'))).toBe(ID);
    expect(
      containerIdFromMountInfo(`1 2 0:1 /var/lib/containers/storage/overlay-containers/${ID}/userdata/hostname /etc/hostname rw - ext4 /dev/sda rw\n`),
    ).toBe(ID);
  });

  it('not from the CRI sandbox directory (that id is the pod sandbox) nor from a host without containers', () => {
    const sandbox = `1 2 0:1 /var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${ID}/hostname /etc/hostname rw - ext4 /dev/sda rw\n`;
    expect(containerIdFromMountInfo(sandbox)).toBeUndefined();
    expect(containerIdFromMountInfo(fixture('hybrid-memory-only', 'mountinfo'))).toBeUndefined();
  });
});
