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


def identify_file(path):
    """Format name of the image at path, or None; raises OSError when unreadable."""
    with open(path, "rb") as f:
        return identify(f.read(65536))


