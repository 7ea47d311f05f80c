# SPDX-License-Identifier: MIT
"""kimage: tell a kernel image's format from its first bytes, before QEMU sees it.

QEMU boots a file that is no kernel on ARM as raw code and then hangs, so the
runner refuses such files up front (verdict ERROR), naming the file.
Formats: x86 bzImage ("HdrS" at 0x202), ARM zImage (0x016f2818 at 0x24), U-Boot
uImage (0x27051956 at 0), arm64 Image ("ARM\\x64" at 0x38), a gzip of an arm64
Image, an EFI zboot image ("zimg" at 4), ELF (by e_machine).
"""
import struct
import zlib

ELF_MACHINES = {3: "elf-i386", 62: "elf-x86_64", 40: "elf-arm", 183: "elf-aarch64"}


def identify(data):
    """Format name of an image given its first bytes (at least 4 KiB), or None."""
    if len(data) >= 0x206 and data[0x202:0x206] == b"HdrS":
        # Boot protocol 2.12+ says in xloadflags whether the kernel is 64-bit.
        if len(data) >= 0x238 and struct.unpack_from("<H", data, 0x206)[0] >= 0x20C:
            return "bzImage64" if struct.unpack_from("<H", data, 0x236)[0] & 1 else "bzImage32"
        return "bzImage"
    if len(data) >= 0x28 and struct.unpack_from("<I", data, 0x24)[0] == 0x016F2818:
        return "zImage"
    if len(data) >= 4 and struct.unpack_from(">I", data, 0)[0] == 0x27051956:
        return "uImage"
    if len(data) >= 0x3C and data[0x38:0x3C] == b"ARM\x64":
        return "arm64-Image"
    if len(data) >= 8 and data[0:2] == b"MZ" and data[4:8] == b"zimg":
        return "efi-zboot"
    if len(data) >= 20 and data[0:4] == b"\x7fELF":
        endian = "<" if data[5] == 1 else ">"
        return ELF_MACHINES.get(struct.unpack_from(endian + "H", data, 18)[0], "elf-other")
    if data[0:2] == b"\x1f\x8b":
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 0x40)
        except zlib.error:
            return None
        if len(inner) >= 0x3C and inner[0x38:0x3C] == b"ARM\x64":
            return "arm64-Image.gz"
    return None


def _pe_end(data):
    """End of the last section's raw data in a PE image (the EFI stub of arm64
    Image and zboot kernels), or None when data holds no PE section table."""
    if len(data) < 0x40 or data[0:2] != b"MZ":
        return None
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if pe + 24 > len(data) or data[pe:pe + 4] != b"PE\0\0":
        return None
    nsections, = struct.unpack_from("<H", data, pe + 6)
    table = pe + 24 + struct.unpack_from("<H", data, pe + 20)[0]
    ends = [sum(struct.unpack_from("<II", data, table + 40 * i + 16))
            for i in range(nsections) if table + 40 * i + 24 <= len(data)]
    return max(ends) if ends else None


def truncation(data, fmt, size):
    """Why an image of format fmt, first bytes data and file size size is cut
    short, from the sizes its own header gives; None when it looks whole."""
    need = None
    if fmt.startswith("bzImage") and len(data) >= 0x1F8:
        setup_sects = data[0x1F1] or 4
        need = (setup_sects + 1) * 512 + struct.unpack_from("<I", data, 0x1F4)[0] * 16
    elif fmt == "zImage" and len(data) >= 0x30:
        start, end = struct.unpack_from("<II", data, 0x28)
        need = end - start if end > start else None
    elif fmt in ("efi-zboot", "arm64-Image"):
        need = _pe_end(data)
    if need is not None and size < need:
        return "truncated: %d bytes, its header says %d" % (size, need)
    return None


def identify_file(path):
    """Format name of the image at path, or None; raises OSError when unreadable."""
    with open(path, "rb") as f:
        return identify(f.read(65536))


