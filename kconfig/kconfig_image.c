// SPDX-License-Identifier: MIT
/*
 * kconfig_image.c - the config a kernel image carries (CONFIG_IKCONFIG): the
 * gzip stream right after the "IKCFG_ST" marker, looked for first in the raw
 * file (vmlinux), then in every compressed payload found by its magic bytes
 * (bzImage, zImage, vmlinuz), the way scripts/extract-ikconfig does it.
 */
#include "kconfig_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The marker and the first three bytes of the gzip stream after it. */
static const unsigned char ikcfg_marker[] = "IKCFG_ST\037\213\010";
#define MARKER_LEN 8             /* "IKCFG_ST" */
#define MARKER_GZ_LEN 11         /* with the gzip magic and method */
/* Payload candidates tried per codec (a magic may also occur by chance). */
#define MAX_CANDIDATES 64

static const unsigned char gzip_magic[] = { 0x1f, 0x8b, 0x08 };

static int gzip_payload(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out)
{
	char why[SP_KC_WHY_LEN];
	return sp_kc_gunzip(in, inlen, limit, true, out, why);
}

static const struct sp_kc_codec gzip_codec = { "gzip", gzip_magic, sizeof(gzip_magic), gzip_payload };

/*
 * Look for the marker in @buf; on a hit inflate the config into @out.
 * Returns 1 when found and inflated, 0 when no marker, -EBADMSG and friends
 * when the marker was there but its gzip data was bad.
 */
static int config_after_marker(const unsigned char *buf, size_t len, struct sp_kc_text *out,
			       char why[SP_KC_WHY_LEN])
{
	const unsigned char *hit = memmem(buf, len, ikcfg_marker, MARKER_GZ_LEN);
	if (!hit)
		return 0;
	size_t off = (size_t)(hit - buf) + MARKER_LEN;
	int ret = sp_kc_gunzip(buf + off, len - off, SP_KC_MAX_CONFIG_TEXT, true, out, why);
	if (ret == 0 && out->len == 0) {
		snprintf(why, SP_KC_WHY_LEN, "the embedded config is empty");
		ret = -ENODATA;
	}
	return ret ? ret : 1;
}

/*
 * Try every payload of @codec in @img. Returns 1 when a config came out, 0
 * when not. A marker whose gzip data is bad (the marker bytes may also sit in
 * a literal run of an lz4 payload) is remembered in @bad and the search goes
 * on, as scripts/extract-ikconfig does.
 */
static int try_codec(const struct sp_kc_codec *codec, const unsigned char *img, size_t len,
		     struct sp_kc_text *out, char bad[SP_KC_WHY_LEN], unsigned *tried)
{
	size_t pos = 0;
	for (unsigned n = 0; n < MAX_CANDIDATES && pos < len; n++) {
		const unsigned char *hit = memmem(img + pos, len - pos, codec->magic, codec->magic_len);
		if (!hit)
			break;
		size_t off = (size_t)(hit - img);
		struct sp_kc_text payload = { 0 };
		codec->decompress(img + off, len - off, SP_KC_MAX_IMAGE_OUTPUT, &payload);
		(*tried)++;
		/* Use whatever came out, even from a payload with trailing junk. */
		char why[SP_KC_WHY_LEN];
		int ret = payload.len ? config_after_marker((unsigned char *)payload.data, payload.len, out, why) : 0;
		sp_kc_text_free(&payload);
		if (ret > 0) {
			snprintf(out->how, sizeof(out->how), "image/%s", codec->name);
			return 1;
		}
		if (ret < 0) {
			snprintf(bad, SP_KC_WHY_LEN, "%s payload: %.120s", codec->name, why);
			sp_kc_text_free(out);
		}
		pos = off + 1;
	}
	return 0;
}

int sp_kc_read_image(const char *path, struct sp_kc_text *out, char why[SP_KC_WHY_LEN])
{
	struct sp_kc_text img = { 0 };
	int ret = sp_kc_read_file(path, SP_KC_MAX_IMAGE_FILE, &img, why);
	if (ret == 0 && img.len == 0) {
		snprintf(why, SP_KC_WHY_LEN, "empty file");
		ret = -ENODATA;
	}
	if (ret) {
		sp_kc_text_free(&img);
		return ret;
	}
	const unsigned char *b = (const unsigned char *)img.data;
	char bad[SP_KC_WHY_LEN] = "";
	ret = config_after_marker(b, img.len, out, why);
	if (ret > 0) {
		snprintf(out->how, sizeof(out->how), "image");
	} else if (ret < 0) {
		snprintf(bad, sizeof(bad), "raw marker: %.120s", why);
		sp_kc_text_free(out);
		ret = 0;
	}
	unsigned tried = 0;
	char names[96] = "gzip";
	size_t ncodecs;
	const struct sp_kc_codec *codecs = sp_kc_image_codecs(&ncodecs);
	if (ret == 0)
		ret = try_codec(&gzip_codec, b, img.len, out, bad, &tried);
	for (size_t i = 0; ret == 0 && i < ncodecs; i++) {
		size_t used = strlen(names);
		snprintf(names + used, sizeof(names) - used, ", %s", codecs[i].name);
		ret = try_codec(&codecs[i], b, img.len, out, bad, &tried);
	}
	sp_kc_text_free(&img);
	if (ret > 0)
		return 0;
	if (bad[0]) {
		snprintf(why, SP_KC_WHY_LEN, "embedded config unreadable (%.120s)", bad);
		return -EBADMSG;
	}
	snprintf(why, SP_KC_WHY_LEN,
		 "no embedded config (no IKCFG_ST marker in the file or in %u %.60s payload(s) tried)",
		 tried, names);
	return -ENOENT;
}
