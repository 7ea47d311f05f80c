# SPDX-License-Identifier: MIT
"""scripts/kernels --only X says what it did for the kernels asked for, not
only how big the whole cache is (issue 17). Runs the real script against fake
apt-get, apt-cache and dpkg-deb (no network, no apt state touched)."""
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
KERNELS = os.path.join(ROOT, "scripts", "kernels")
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"

# One fake for all three tools: the subcommand is the first word that is not
# an option (apt's "-o KEY=VALUE" pairs come first).
FAKE = r'''#!/usr/bin/env python3
import os, sys
tool = os.path.basename(sys.argv[0])
args, i = [], 1
while i < len(sys.argv):
    a = sys.argv[i]
    if a == "-o":
        i += 2
        continue
    if a.startswith("-") and not args and tool != "dpkg-deb":
        i += 1
        continue
    args.append(a)
    i += 1
if tool == "apt-get" and args[0] == "update":
    sys.exit(0)
if tool == "apt-get" and args[0] == "download":
    for p in args[1:]:
        open(p.replace(":", "_") + ".deb", "w").close()
    sys.exit(0)
if tool == "apt-cache" and args[0] == "pkgnames":
    print("linux-image-6.1.0-99-amd64\nlinux-image-6.1.0-99-arm64")
    sys.exit(0)
if tool == "apt-cache" and args[0] == "show":
    print("Package: %s\nVersion: 6.1.999-1\nDepends: linux-base" % args[-1].split(":")[0])
    sys.exit(0)
if tool == "dpkg-deb" and args[0] == "--fsys-tarfile":
    with open(os.environ["FAKE_TAR"], "rb") as f:
        sys.stdout.buffer.write(f.read())
    sys.exit(0)
sys.exit(99)
'''


def tar_with(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@unittest.skipUnless(os.path.isfile(KEYRING), "scripts/kernels needs " + KEYRING)
class OnlySummary(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.bin = os.path.join(d, "bin")
        os.makedirs(self.bin)
        for tool in ("apt-get", "apt-cache", "dpkg-deb"):
            path = os.path.join(self.bin, tool)
            with open(path, "w") as f:
                f.write(FAKE)
            os.chmod(path, 0o755)
        self.tar = os.path.join(d, "fake.tar")
        with open(self.tar, "wb") as f:
            f.write(tar_with({"./boot/vmlinuz-6.1.0-99-amd64": b"kernel",
                              "./boot/config-6.1.0-99-amd64": b"CONFIG_SECCOMP=y\n"}))
        self.cache = os.path.join(d, "cache")
        # A kernel cached earlier, not asked for this time.
        other = os.path.join(self.cache, "5.10-amd64")
        os.makedirs(other)
        for name, text in (("vmlinuz", "k"), ("config", "CONFIG_SECCOMP=y\n")):
            with open(os.path.join(other, name), "w") as f:
                f.write(text)
        with open(os.path.join(other, "kernel.json"), "w") as f:
            json.dump({"name": "5.10-amd64", "flavour": "amd64", "arch": "x86_64",
                       "package": "linux-image-5.10.0-1-amd64", "version": "5.10.1-1"}, f)

    def tearDown(self):
        self.tmp.cleanup()

    def run_kernels(self, *args):
        env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ.get("PATH", ""),
                   FAKE_TAR=self.tar, PYTHONDONTWRITEBYTECODE="1")
        p = subprocess.run([sys.executable, KERNELS, "--cache", self.cache] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                           timeout=120)
        return p.returncode, p.stderr.strip().splitlines()[-1]

    def test_only_names_what_was_fetched(self):
        rc, last = self.run_kernels("--only", "6.1-amd64")
        self.assertEqual(rc, 0, last)
        self.assertIn("asked for 1 kernel(s): fetched 6.1-amd64;", last)
        self.assertIn("now holds 2 kernel(s) in all", last)
        self.assertTrue(os.path.isfile(os.path.join(self.cache, "6.1-amd64", "vmlinuz")))
        rc, last = self.run_kernels("--only", "6.1-amd64")
        self.assertEqual(rc, 0, last)
        self.assertIn("asked for 1 kernel(s): already cached 6.1-amd64;", last)
        self.assertNotIn("fetched", last)

    def test_failure_is_named(self):
        rc, last = self.run_kernels("--only", "6.1-amd64,6.1-686")
        self.assertEqual(rc, 1, last)
        self.assertIn("fetched 6.1-amd64", last)
        self.assertIn("not fetched 6.1-686", last)
        rc, _ = self.run_kernels("--only", "6.1-686")
        self.assertEqual(rc, 1)


if __name__ == "__main__":
    unittest.main()
