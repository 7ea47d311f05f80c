// SPDX-License-Identifier: MIT
/*
 * kconfig_gzip.c - gzip streams through zlib (/proc/config.gz, IKCFG_ST
 * payloads), and config files that may be gzip. Calls kconfig_read.c (the
 * buffers, sp_kc_read_file), which never calls back.
 */
#include "kconfig_read.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define CHUNK (256u << 10)

int sp_kc_gunzip(const unsigned char *in, size_t inlen, size_t limit, bool trailing_ok,
		 struct sp_kc_text *out, char why[SP_KC_WHY_LEN])
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		snprintf(why, SP_KC_WHY_LEN, "zlib could not start");
		return -ENOMEM;
	}
	int ret = 0;
	size_t pos = 0;
	for (;;) {
		int rc = sp_kc_text_reserve(out, CHUNK, limit);
		size_t room = out->cap - out->len;
		if (rc == -EFBIG && room == 0) {
			snprintf(why, SP_KC_WHY_LEN, "decompressed data larger than %zu MiB", limit >> 20);
			ret = -EFBIG;
			break;
		}
		if (rc == -ENOMEM) {
			snprintf(why, SP_KC_WHY_LEN, "out of memory");
			ret = -ENOMEM;
			break;
		}
		size_t in_chunk = inlen - pos > UINT32_MAX ? UINT32_MAX : inlen - pos;
		zs.next_in = (unsigned char *)in + pos;
		zs.avail_in = (uInt)in_chunk;
		zs.next_out = (unsigned char *)out->data + out->len;
		zs.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
		uInt before_out = zs.avail_out;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += before_out - zs.avail_out;
		pos += in_chunk - zs.avail_in;
		if (rc == Z_STREAM_END) {
			/* Another member may follow (gzip -d inflates them all). */
			if (inlen - pos >= 3 && in[pos] == 0x1f && in[pos + 1] == 0x8b && in[pos + 2] == 8) {
				inflateReset(&zs);
				continue;
			}
			if (pos < inlen && !trailing_ok) {
				snprintf(why, SP_KC_WHY_LEN, "%zu bytes of data after the gzip stream", inlen - pos);
				ret = -EBADMSG;
			}
			break;
		}
		if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
			snprintf(why, SP_KC_WHY_LEN, "corrupt gzip data at byte %zu: %s", pos,
				 zs.msg ? zs.msg : "invalid stream");
			ret = -EBADMSG;
			break;
		}
		if (rc == Z_MEM_ERROR) {
			snprintf(why, SP_KC_WHY_LEN, "out of memory");
			ret = -ENOMEM;
			break;
		}
		if (pos >= inlen && zs.avail_out != 0) {
			snprintf(why, SP_KC_WHY_LEN, "truncated gzip data (the stream ends early, after %zu bytes)", inlen);
			ret = -EPIPE;
			break;
		}
	}
	inflateEnd(&zs);
	return ret;
}

int sp_kc_read_config(const char *path, struct sp_kc_text *out, char why[SP_KC_WHY_LEN])
{
	struct sp_kc_text raw = { 0 };
	int ret = sp_kc_read_file(path, SP_KC_MAX_CONFIG_FILE, &raw, why);
	if (ret == 0 && raw.len == 0) {
		snprintf(why, SP_KC_WHY_LEN, "empty file");
		ret = -ENODATA;
	}
	if (ret) {
		sp_kc_text_free(&raw);
		return ret;
	}
	const unsigned char *b = (const unsigned char *)raw.data;
	if (raw.len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
		ret = sp_kc_gunzip(b, raw.len, SP_KC_MAX_CONFIG_TEXT, false, out, why);
		snprintf(out->how, sizeof(out->how), "gzip");
		sp_kc_text_free(&raw);
		if (ret == 0 && out->len == 0) {
			snprintf(why, SP_KC_WHY_LEN, "gzip data holds an empty file");
			ret = -ENODATA;
		}
		return ret;
	}
	*out = raw;
	snprintf(out->how, sizeof(out->how), "plain");
	return 0;
}
