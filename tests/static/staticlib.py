# SPDX-License-Identifier: MIT
"""Shared helpers of the static-binary checks (tests/static/check-*).

One row per arch: the ELF header facts readelf must show, the AUDIT_ARCH the
binary must report, and the qemu-user program that runs it on another host.
"""
import json
import os
import subprocess

BUILD = os.environ.get("BUILD", "build")

ARCHES = {
    # arch: (ELF class, readelf Machine, AUDIT_ARCH, qemu-user program)
    "x86_64": ("ELF64", "Advanced Micro Devices X86-64", "0xc000003e", None),
    "i386": ("ELF32", "Intel 80386", "0x40000003", None),
    "armhf": ("ELF32", "ARM", "0x40000028", "qemu-arm"),
    "arm64": ("ELF64", "AArch64", "0xc00000b7", "qemu-aarch64"),
}


def probe_binary(arch):
    """Path of the static seccomp-probe for arch."""
    return os.path.join(BUILD, "static", arch, "seccomp-probe")


def run(argv, timeout=120):
    """Run argv; return (exit status, stdout, stderr). Status < 0: signal."""
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, check=False)
    return proc.returncode, proc.stdout.decode(errors="replace"), \
        proc.stderr.decode(errors="replace")


def list_names(text):
    """Probe names from `seccomp-probe --list` output (first column)."""
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def host_reference():
    """(--list names, --json document) of the host build $BUILD/seccomp-probe."""
    host = os.path.join(BUILD, "seccomp-probe")
    rc, out, err = run([host, "--list"])
    if rc != 0:
        raise SystemExit(f"host {host} --list failed ({rc}): {err.strip()}")
    names = list_names(out)
    rc, out, err = run([host, "--json"])
    if rc != 0:
        raise SystemExit(f"host {host} --json failed ({rc}): {err.strip()}")
    return names, json.loads(out)


class Failures:
    """Collects failed expectations; prints each check as it goes."""

    def __init__(self):
        self.count = 0

    def expect(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            self.count += 1
        return cond
