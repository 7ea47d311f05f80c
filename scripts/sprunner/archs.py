# SPDX-License-Identifier: MIT
"""archs: one record per guest arch and machine, and the QEMU command built from it.

Adding an arch or a board is adding a row to RECORDS. The first row of an arch is
its default; --machine picks another row of the same arch.
"""
from collections import namedtuple

Record = namedtuple("Record", "arch machine qemu cpu console memory_mb image_formats "
                    "needs_dtb extra_append")

# image_formats: kernel image formats (names from kimage) this machine boots.
RECORDS = (
    # bzImage64/bzImage32: boot protocol 2.12+ tells the kernel's bitness; a
    # 32-bit userland cannot run our x86_64 archive, a 64-bit kernel no i386 CPU.
    Record("x86_64", "pc", "qemu-system-x86_64", "max", "ttyS0", 512,
           ("bzImage", "bzImage64"), False, ""),
    Record("i386", "pc", "qemu-system-i386", "max", "ttyS0", 512,
           ("bzImage", "bzImage32"), False, ""),
    # QEMU generates the device tree of the virt machine: no --dtb.
    Record("armhf", "virt", "qemu-system-arm", "cortex-a15", "ttyAMA0", 512,
           ("zImage", "uImage", "elf-arm"), False, ""),
    # Old ARM kernels predate the virt machine: the Versatile Express A9 board,
    # booted with the board's DTB (Debian's armmp ships vexpress-v2p-ca9.dtb).
    Record("armhf", "vexpress-a9", "qemu-system-arm", "cortex-a9", "ttyAMA0", 512,
           ("zImage", "uImage", "elf-arm"), True, ""),
    Record("arm64", "virt", "qemu-system-aarch64", "cortex-a57", "ttyAMA0", 512,
           ("arm64-Image", "arm64-Image.gz", "efi-zboot", "elf-aarch64"), False, ""),
)

# Always on the command line: panic=-1 makes a panicking kernel reboot at once,
# and -no-reboot turns that reboot into QEMU's exit (so does /init's RB_AUTOBOOT).
BASE_APPEND = "panic=-1 rdinit=/init"


# `uname -m` of a running kernel -> the arch whose static binaries run there
# (validate-kernel --target). Our i386 binaries are built for i686; armhf for
# ARMv7 with VFP (armv8l: a 64-bit ARM kernel in a 32-bit personality).
UNAME_MACHINES = {"x86_64": "x86_64", "i686": "i386", "armv7l": "armhf", "armv8l": "armhf",
                  "aarch64": "arm64", "arm64": "arm64"}


def from_uname(machine):
    """The arch name for a `uname -m` answer, or None when we build nothing for it."""
    return UNAME_MACHINES.get(machine)


def arches():
    """Arch names in table order, each once."""
    seen = []
    for r in RECORDS:
        if r.arch not in seen:
            seen.append(r.arch)
    return seen


def find(arch, machine=None):
    """The record for arch (and machine, default: the arch's first row), or None."""
    for r in RECORDS:
        if r.arch == arch and (machine is None or r.machine == machine):
            return r
    return None


def machines(arch):
    return [r.machine for r in RECORDS if r.arch == arch]


def cmdline(rec, append=""):
    """The kernel command line of a boot on rec (str): its console, BASE_APPEND,
    the record's extra_append, then append (words the caller adds)."""
    words = ["console=%s" % rec.console, BASE_APPEND]
    if rec.extra_append:
        words.append(rec.extra_append)
    if append:
        words.append(append)
    return " ".join(words)


def command(rec, kernel, initrd=None, dtb=None, append="", accel="tcg"):
    """The QEMU argv for one boot: list of strings. accel is "tcg" or "kvm"
    (kvm is written with a TCG fallback: "-accel kvm -accel tcg")."""
    argv = [rec.qemu, "-M", rec.machine, "-cpu", rec.cpu, "-m", str(rec.memory_mb)]
    if accel == "kvm":
        # QEMU tries the accelerators in order and falls back to the next one.
        argv += ["-accel", "kvm", "-accel", "tcg"]
    else:
        argv += ["-accel", "tcg"]
    argv += ["-nographic", "-monitor", "none", "-nic", "none", "-no-reboot",
             "-kernel", kernel]
    if initrd:
        argv += ["-initrd", initrd]
    if dtb:
        argv += ["-dtb", dtb]
    argv += ["-append", cmdline(rec, append)]
    return argv
