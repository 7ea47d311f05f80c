// SPDX-License-Identifier: MIT
/* sp_crc32.h - CRC-32 (IEEE 802.3, the zlib/PNG one) without zlib, for /init. */
#ifndef SP_CRC32_H
#define SP_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * sp_crc32_update - continue a CRC-32 over len bytes at buf.
 * Start with crc = 0; the value after the last chunk is the checksum that
 * zlib's crc32() and Python's zlib.crc32() give for the whole byte stream.
 * Reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF.
 * Never fails.
 */
uint32_t sp_crc32_update(uint32_t crc, const void *buf, size_t len);

#endif
