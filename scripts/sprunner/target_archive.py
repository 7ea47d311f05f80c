# SPDX-License-Identifier: MIT
"""target_archive: the static binaries a device gets, read out of the arch's
initramfs (qemu-images/mkinitramfs), so a device runs byte for byte what a
QEMU guest of that arch runs, from a checkout and from an installed tree alike
(paths.initrd).

The archive is a gzipped cpio in the "newc" format: for each member a
110-byte ASCII header (magic 070701, then thirteen 8-digit hex fields: ino,
mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
rdevminor, namesize, check), the NUL-terminated name, padding to 4 bytes,
the data, padding to 4 bytes; the member "TRAILER!!!" ends it.
"""
import gzip
import os
import zlib

MAGIC = b"070701"
HEADER = 110
# The members the device needs: /init frames the sections and keeps their deadlines.
WANTED = ("init", "bin/seccomp-probe", "bin/seccomp-selftests")
REQUIRED = ("init", "bin/seccomp-probe")


class ArchiveError(Exception):
    """The archive is missing, unreadable or not a newc cpio."""


def _fields(data, pos):
    try:
        return [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16) for i in range(13)]
    except ValueError:
        raise ArchiveError("bad cpio header at byte %d" % pos) from None


def members(path, wanted=WANTED):
    """{name: bytes} of the regular files in the archive at path whose names
    (without the leading "/" or "./") are in wanted. ArchiveError when it
    cannot be read or parsed."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError, zlib.error) as e:
        raise ArchiveError("%s: %s" % (path, getattr(e, "strerror", None) or e)) from None
    out, pos = {}, 0
    while True:
        if data[pos:pos + 6] != MAGIC or pos + HEADER > len(data):
            raise ArchiveError("%s: not a newc cpio archive (at byte %d)" % (path, pos))
        f = _fields(data, pos)
        mode, size, namesize = f[1], f[6], f[11]
        name = data[pos + HEADER:pos + HEADER + namesize - 1].decode("utf-8", "replace")
        pos = (pos + HEADER + namesize + 3) & ~3
        if name == "TRAILER!!!":
            return out
        if pos + size > len(data):
            raise ArchiveError("%s: member %s is cut short" % (path, name))
        name = name.lstrip("/")
        name = name[2:] if name.startswith("./") else name
        if name in wanted and mode & 0o170000 == 0o100000:
            out[name] = data[pos:pos + size]
        pos = (pos + size + 3) & ~3


def extract(path, out_dir):
    """Write the wanted members of the archive into out_dir (flat, mode 0755):
    {member name: local path}. ArchiveError when a REQUIRED one is missing."""
    found = members(path)
    missing = [n for n in REQUIRED if n not in found]
    if missing:
        raise ArchiveError("%s has no %s" % (path, ", ".join("/" + n for n in missing)))
    local = {}
    for name, body in found.items():
        dest = os.path.join(out_dir, os.path.basename(name))
        with open(dest, "wb") as f:
            f.write(body)
        os.chmod(dest, 0o755)
        local[name] = dest
    return local
