// SPDX-License-Identifier: MIT
/* sp_crc32.c - table-driven CRC-32 (IEEE); the table is built on first use. */
#include "sp_crc32.h"

#define SP_CRC32_POLY 0xEDB88320u

static uint32_t crc_table[256];
static int crc_table_ready;

static void build_table(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int bit = 0; bit < 8; bit++)
			c = (c & 1) ? (c >> 1) ^ SP_CRC32_POLY : c >> 1;
		crc_table[n] = c;
	}
	crc_table_ready = 1;
}

uint32_t sp_crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!crc_table_ready)
		build_table();
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xffu] ^ (crc >> 8);
	return ~crc;
}
