// SPDX-License-Identifier: MIT
/*
 * kconfig_codecs.c - decompressors for kernel image payloads besides gzip,
 * each through its own well-kept library: xz and lzma (liblzma), lz4 in the
 * kernel's legacy frame (liblz4 block API), zstd (libzstd). Magic bytes as the
 * kernel's scripts/extract-ikconfig uses them.
 */
#include "kconfig_read.h"

#include <errno.h>
#include <lz4.h>
#include <lzma.h>
#include <string.h>
#include <zstd.h>

#define CHUNK (1u << 20)

/* Shared liblzma loop for the xz and lzma-alone formats. */
static int lzma_run(lzma_stream *s, const unsigned char *in, size_t inlen, size_t limit,
		    struct sp_kc_text *out)
{
	s->next_in = in;
	s->avail_in = inlen;
	int ret = 0;
	for (;;) {
		int rc = sp_kc_text_reserve(out, CHUNK, limit);
		if (rc == -ENOMEM || (rc == -EFBIG && out->cap == out->len)) {
			ret = rc;
			break;
		}
		s->next_out = (uint8_t *)out->data + out->len;
		s->avail_out = out->cap - out->len;
		size_t before = s->avail_out;
		lzma_ret lr = lzma_code(s, LZMA_FINISH);
		out->len += before - s->avail_out;
		if (lr == LZMA_STREAM_END)
			break;
		if (lr == LZMA_BUF_ERROR) {
			ret = -EPIPE;
			break;
		}
		if (lr == LZMA_MEM_ERROR) {
			ret = -ENOMEM;
			break;
		}
		if (lr != LZMA_OK) {
			ret = -EBADMSG;
			break;
		}
	}
	lzma_end(s);
	return ret;
}

static int xz_decompress(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out)
{
	lzma_stream s = LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -ENOMEM;
	return lzma_run(&s, in, inlen, limit, out);
}

static int lzma_alone_decompress(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out)
{
	lzma_stream s = LZMA_STREAM_INIT;
	if (lzma_alone_decoder(&s, UINT64_MAX) != LZMA_OK)
		return -ENOMEM;
	return lzma_run(&s, in, inlen, limit, out);
}

/*
 * The kernel's lz4 (lz4 -l): magic 0x184C2102, then blocks of a 32-bit
 * little-endian compressed size and the data, each at most 8 MiB decompressed.
 */
#define LZ4_LEGACY_BLOCK (8u << 20)
static int lz4_legacy_decompress(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out)
{
	size_t pos = 4;
	while (inlen - pos >= 4) {
		uint32_t csize = (uint32_t)in[pos] | (uint32_t)in[pos + 1] << 8 |
				 (uint32_t)in[pos + 2] << 16 | (uint32_t)in[pos + 3] << 24;
		if (csize == 0x184C2102u || csize == 0 || csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
			return 0;   /* next stream, or the end (sizes appended by the kernel) */
		pos += 4;
		if (csize > inlen - pos)
			return -EPIPE;
		int rc = sp_kc_text_reserve(out, LZ4_LEGACY_BLOCK, limit);
		if (rc == -ENOMEM || (rc == -EFBIG && out->cap == out->len))
			return rc;
		size_t room = out->cap - out->len;
		int n = LZ4_decompress_safe((const char *)in + pos, out->data + out->len, (int)csize,
					    room > LZ4_LEGACY_BLOCK ? (int)LZ4_LEGACY_BLOCK : (int)room);
		if (n < 0)
			return -EBADMSG;
		out->len += (size_t)n;
		pos += csize;
	}
	return 0;
}

static int zstd_decompress(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	if (!ds)
		return -ENOMEM;
	ZSTD_inBuffer ib = { in, inlen, 0 };
	int ret = 0;
	for (;;) {
		int rc = sp_kc_text_reserve(out, CHUNK, limit);
		if (rc == -ENOMEM || (rc == -EFBIG && out->cap == out->len)) {
			ret = rc;
			break;
		}
		ZSTD_outBuffer ob = { out->data + out->len, out->cap - out->len, 0 };
		size_t zr = ZSTD_decompressStream(ds, &ob, &ib);
		out->len += ob.pos;
		if (ZSTD_isError(zr)) {
			ret = -EBADMSG;
			break;
		}
		if (zr == 0)
			break;   /* frame complete */
		if (ib.pos == ib.size && ob.pos < ob.size) {
			ret = -EPIPE;
			break;
		}
	}
	ZSTD_freeDStream(ds);
	return ret;
}

static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char lzma_magic[] = { 0x5d, 0x00, 0x00, 0x00 };
static const unsigned char lz4_magic[] = { 0x02, 0x21, 0x4c, 0x18 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

static const struct sp_kc_codec codecs[] = {
	{ "xz", xz_magic, sizeof(xz_magic), xz_decompress },
	{ "lzma", lzma_magic, sizeof(lzma_magic), lzma_alone_decompress },
	{ "lz4", lz4_magic, sizeof(lz4_magic), lz4_legacy_decompress },
	{ "zstd", zstd_magic, sizeof(zstd_magic), zstd_decompress },
};

const struct sp_kc_codec *sp_kc_image_codecs(size_t *count)
{
	*count = sizeof(codecs) / sizeof(codecs[0]);
	return codecs;
}
