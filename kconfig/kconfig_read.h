/* SPDX-License-Identifier: MIT */
/*
 * kconfig_read.h - getting a kernel config's text into memory: from a plain
 * or gzip-compressed file (/proc/config.gz, CONFIG_IKCONFIG_PROC, 2.6.x on),
 * from a kernel image's embedded copy (CONFIG_IKCONFIG, found after the
 * IKCFG_ST marker as the kernel's scripts/extract-ikconfig finds it), or from
 * the running kernel's usual places.
 *
 * Errors come back as a negative errno plus a one-line reason in @why
 * (without the file name; the caller prefixes it).
 *
 * Where each part lives, calls going one way only: kconfig_read.c (buffers,
 * sp_kc_read_file, sp_kc_find_running) calls nothing else of the reader;
 * kconfig_gzip.c (sp_kc_gunzip, sp_kc_read_config) calls kconfig_read.c;
 * kconfig_image.c (sp_kc_read_image) calls both and the codecs.
 */
#ifndef SP_KCONFIG_READ_H
#define SP_KCONFIG_READ_H

#include <stdbool.h>
#include <stddef.h>

/* Limits, in bytes: a config file as stored, its text, a kernel image, an
 * image's decompressed payload. Real values: config ~300 KB, vmlinux ~60 MB. */
#define SP_KC_MAX_CONFIG_FILE  (64u << 20)
#define SP_KC_MAX_CONFIG_TEXT  (64u << 20)
#define SP_KC_MAX_IMAGE_FILE   (256u << 20)
#define SP_KC_MAX_IMAGE_OUTPUT (512u << 20)

/* Bytes in memory, and how they were obtained ("plain", "gzip", "image/xz"...). */
struct sp_kc_text {
	char *data;
	size_t len, cap;
	char how[32];
};

/* Reasons are at most this long. */
#define SP_KC_WHY_LEN 160

void sp_kc_text_free(struct sp_kc_text *t);

/*
 * sp_kc_text_reserve - make room for @more bytes after t->len, never past
 * @limit bytes in all. Returns 0, -EFBIG past @limit, -ENOMEM.
 */
int sp_kc_text_reserve(struct sp_kc_text *t, size_t more, size_t limit);

/*
 * sp_kc_read_file - read all of @path (a regular file, or a /proc file) into
 * @out, at most @limit bytes. Never modifies the file.
 * Returns 0; -ENOENT, -EACCES... from open(2); -EISDIR for a directory;
 * -EINVAL for a FIFO, socket or device; -EFBIG past @limit; -EIO on a read
 * error; -ENOMEM. @why gets the reason.
 */
int sp_kc_read_file(const char *path, size_t limit, struct sp_kc_text *out, char why[SP_KC_WHY_LEN]);

/*
 * sp_kc_read_config - a config file, plain or gzip (by its magic bytes).
 * An empty file, truncated or corrupt gzip data, or data after the gzip
 * stream are errors. Returns 0, the errors of sp_kc_read_file(), -ENODATA for
 * an empty file or an empty gzip payload, -EBADMSG for bad gzip data, -EFBIG.
 */
int sp_kc_read_config(const char *path, struct sp_kc_text *out, char why[SP_KC_WHY_LEN]);

/*
 * sp_kc_read_image - the config embedded in kernel image @path
 * (vmlinux, bzImage, zImage, Image.gz, vmlinuz): first the IKCFG_ST marker in
 * the raw file, then in each gzip/xz/lzma/lz4/zstd payload found in it (those
 * this build has decompressors for; see sp_kc_image_codecs()).
 * Returns 0; the errors of sp_kc_read_file(); -ENOENT when no embedded config
 * was found (why says which payloads were tried); -EBADMSG when the marker
 * was found but its gzip data is bad.
 */
int sp_kc_read_image(const char *path, struct sp_kc_text *out, char why[SP_KC_WHY_LEN]);

/*
 * sp_kc_gunzip - inflate the gzip stream at @in (@inlen bytes) into @out,
 * at most @limit bytes. @trailing_ok: bytes after the last member are
 * accepted (images) instead of being an error (config files). Concatenated
 * members are all inflated.
 * Returns 0; -EBADMSG for corrupt data (why says what zlib said); -EPIPE when
 * the stream ends early (truncated); -EFBIG past @limit; -ENOMEM.
 * Partial output stays in @out on error.
 */
int sp_kc_gunzip(const unsigned char *in, size_t inlen, size_t limit, bool trailing_ok,
		 struct sp_kc_text *out, char why[SP_KC_WHY_LEN]);

/* One image-payload decompressor. */
struct sp_kc_codec {
	const char *name;                 /* "xz", "lzma", "lz4", "zstd" */
	const unsigned char *magic;       /* bytes that start a payload */
	size_t magic_len;
	/* Decompress from @in into @out (at most @limit bytes). Partial output is
	 * kept on error. Returns 0 at a clean end, -EBADMSG, -EPIPE, -EFBIG, -ENOMEM. */
	int (*decompress)(const unsigned char *in, size_t inlen, size_t limit, struct sp_kc_text *out);
};

/*
 * sp_kc_image_codecs - the decompressors this build has besides gzip
 * (compile-time choice: kconfig_codecs.c links liblzma, liblz4 and libzstd;
 * kconfig_codecs_none.c, for static guest builds, has none).
 * @count: out, number of rows. Returns the table.
 */
const struct sp_kc_codec *sp_kc_image_codecs(size_t *count);

/*
 * sp_kc_find_running - the running kernel's config: the first existing one of
 * $KCONFIG_PATH (alone when set), /proc/config.gz, /boot/config-$(uname -r),
 * /lib/modules/$(uname -r)/config, /lib/modules/$(uname -r)/build/.config,
 * /usr/src/linux-$(uname -r)/.config.
 * @path: out, the path found. @searched: out, the paths tried, ", "-separated.
 * Returns 0 when one exists, -ENOENT when none does.
 */
int sp_kc_find_running(char *path, size_t pathlen, char *searched, size_t searchedlen);

#endif
