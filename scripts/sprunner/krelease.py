# SPDX-License-Identifier: MIT
"""krelease: the release a kernel image carries, and the default log name of a
validation (issue 17: every Debian image is called vmlinuz, so a log named
after the file name was overwritten by the next validation).

The release comes from the image itself: an x86 bzImage points at its version
string from the setup header (kernel_version, boot protocol 2.00+); other
images hold the kernel's banner "Linux version <release> (...", in the clear
(arm64 Image, ELF) or inside the compressed payload of an ARM zImage or an
arm64 Image.gz / EFI zboot (gzip, xz and lzma payloads are looked into; lz4
and zstd, which Python's standard library cannot read, are not).
"""
import hashlib
import lzma
import os
import re
import struct
import zlib

BANNER_RE = re.compile(rb"Linux version (\d+\.\d+[0-9A-Za-z.+_~-]*) \(")
# A release as it may appear in a file name.
SAFE_RE = re.compile(r"[^0-9A-Za-z.+_~-]")
# Payload magics tried, at most MAX_CANDIDATES places each.
GZIP_MAGIC = b"\x1f\x8b\x08"
XZ_MAGIC = b"\xfd7zXZ\x00"
LZMA_MAGIC = b"\x5d\x00\x00"
MAX_CANDIDATES = 8
# Bytes of decompressed output searched per payload (a kernel's banner is in
# its read-only data, well inside this).
MAX_OUTPUT = 96 << 20
CHUNK = 1 << 20


def _bzimage_release(data):
    """The release from a bzImage's setup header, or None."""
    if len(data) < 0x210 or data[0x202:0x206] != b"HdrS":
        return None
    if struct.unpack_from("<H", data, 0x206)[0] < 0x200:
        return None
    ptr = struct.unpack_from("<H", data, 0x20E)[0]
    if not ptr:
        return None
    start = ptr + 0x200
    text = data[start:start + 256].split(b"\0", 1)[0].split(b" ", 1)[0]
    return _clean(text)


def _clean(raw):
    text = raw.decode("ascii", "replace").strip()
    if not re.match(r"^\d+\.\d+", text):
        return None
    return text


def _search_stream(decompressor, data, start):
    """Feed data[start:] through decompressor, looking for the banner; returns
    the release or None (stops at MAX_OUTPUT bytes out or on a stream error)."""
    tail, produced, pos = b"", 0, start
    try:
        while pos < len(data) and produced < MAX_OUTPUT:
            out = decompressor.decompress(data[pos:pos + CHUNK])
            pos += CHUNK
            produced += len(out)
            window = tail + out
            m = BANNER_RE.search(window)
            if m:
                return _clean(m.group(1))
            tail = window[-160:]
            if getattr(decompressor, "eof", False):
                break
    except (zlib.error, lzma.LZMAError, EOFError):
        return None
    return None


def _payload_release(data):
    """The release from the banner in a compressed payload inside data, or None."""
    makers = ((GZIP_MAGIC, lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)),
              (XZ_MAGIC, lambda: lzma.LZMADecompressor(lzma.FORMAT_XZ)),
              (LZMA_MAGIC, lambda: lzma.LZMADecompressor(lzma.FORMAT_ALONE)))
    for magic, make in makers:
        pos = data.find(magic)
        tried = 0
        while pos >= 0 and tried < MAX_CANDIDATES:
            tried += 1
            found = _search_stream(make(), data, pos)
            if found:
                return found
            pos = data.find(magic, pos + 1)
    return None


def release_of(path):
    """The kernel release the image at path carries ("6.1.0-50-amd64"), or None
    when it cannot be read from the image. Never raises on a bad file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    found = _bzimage_release(data)
    if found:
        return found
    m = BANNER_RE.search(data)
    if m:
        return _clean(m.group(1))
    return _payload_release(data)


def digest(path, n=8):
    """The first n hex digits of the SHA-256 of the file at path ("" if unreadable)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(CHUNK), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()[:n]


# Image file names that say nothing about the kernel.
GENERIC_NAMES = ("vmlinuz", "vmlinux", "zImage", "bzImage", "Image", "Image.gz", "uImage")


def kernel_name(kernel):
    """What to call the kernel at path kernel: the release read from the image,
    else its file name (a generic one such as vmlinuz prefixed with its
    folder's name)."""
    release = release_of(kernel)
    if release:
        return release
    label = os.path.basename(kernel)
    parent = os.path.basename(os.path.dirname(os.path.abspath(kernel)))
    if label in GENERIC_NAMES and parent:
        label = parent + "-" + label
    return label


def log_label(kernel, machine=None):
    """The name part of a validation's default console log:
    <kernel_name>-<8 hex digits of the image's SHA-256>[@machine]. The digest
    keeps two different kernels with the same release (a vendor rebuild, a 3.4
    with and without a backport) apart; the same image validated again on the
    same machine replaces its own earlier log."""
    label = SAFE_RE.sub("_", kernel_name(kernel)) or "kernel"
    sha = digest(kernel)
    if sha:
        label += "-" + sha
    if machine:
        label += "@" + SAFE_RE.sub("_", machine)
    return label
