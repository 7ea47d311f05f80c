// SPDX-License-Identifier: MIT
/*
 * kconfig_codecs_none.c - no image decompressors besides gzip: the static
 * guest build links this instead of kconfig_codecs.c, so it needs only zlib
 * (a guest reads /proc/config.gz; --image on an xz/lzma/lz4/zstd image then
 * says no embedded config was found among the gzip payloads it could try).
 */
#include "kconfig_read.h"

const struct sp_kc_codec *sp_kc_image_codecs(size_t *count)
{
	static const struct sp_kc_codec none[1];
	*count = 0;
	return none;
}
