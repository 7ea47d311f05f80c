// SPDX-License-Identifier: MIT
/* boot_options.c - parse the sp.* options of the kernel command line. */
#include "boot_options.h"

#include <stdlib.h>
#include <string.h>

#define SP_MAX_SECONDS 86400

static void add_problem(struct sp_boot_options *o, const char *word, size_t len)
{
	size_t used = strlen(o->problems);

	if (used + len + 2 >= sizeof(o->problems))
		return;
	if (used)
		o->problems[used++] = ' ';
	memcpy(o->problems + used, word, len);
	o->problems[used + len] = '\0';
}

/* A decimal in [lo, hi]; 0 on success, -1 otherwise. */
static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int copy_value(char *dst, size_t size, const char *val)
{
	if (strlen(val) >= size || *val == '\0')
		return -1;
	strcpy(dst, val);
	return 0;
}

/* Apply one "key=value" (key without the "sp." prefix); -1 when bad. */
static int apply(struct sp_boot_options *o, const char *key, const char *val)
{
	long v;

	if (strcmp(key, "timeout") == 0) {
		if (parse_int(val, 1, SP_MAX_SECONDS, &v) < 0)
			return -1;
		o->timeout_s = (unsigned)v;
	} else if (strcmp(key, "watchdog") == 0) {
		if (parse_int(val, 1, SP_MAX_SECONDS, &v) < 0)
			return -1;
		o->watchdog_s = (unsigned)v;
	} else if (strcmp(key, "sections") == 0) {
		return copy_value(o->sections, sizeof(o->sections), val);
	} else if (strcmp(key, "require") == 0) {
		if (strspn(val, "abcdefghijklmnopqrstuvwxyz_,") != strlen(val))
			return -1;
		return copy_value(o->require, sizeof(o->require), val);
	} else if (strcmp(key, "expect_backport") == 0) {
		return copy_value(o->expect_backport, sizeof(o->expect_backport), val);
	} else if (strcmp(key, "loglevel") == 0) {
		if (parse_int(val, -1, 8, &v) < 0)
			return -1;
		o->loglevel = (int)v;
	} else if (strcmp(key, "poweroff") == 0) {
		if (strcmp(val, "auto") == 0)
			o->poweroff = SP_POWEROFF_AUTO;
		else if (strcmp(val, "poweroff") == 0)
			o->poweroff = SP_POWEROFF_POWEROFF;
		else if (strcmp(val, "reboot") == 0)
			o->poweroff = SP_POWEROFF_REBOOT;
		else
			return -1;
	} else if (strcmp(key, "onlcr") == 0) {
		if (parse_int(val, 0, 1, &v) < 0)
			return -1;
		o->keep_onlcr = (int)v;
	} else {
		return -1;
	}
	return 0;
}

void sp_boot_options_parse(const char *cmdline, struct sp_boot_options *o)
{
	const char *p = cmdline;

	memset(o, 0, sizeof(*o));
	o->loglevel = 4;
	o->poweroff = SP_POWEROFF_AUTO;
	while (*p) {
		char word[192], *eq;
		size_t len;

		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (len == 0)
			break;
		if (len >= 3 && strncmp(p, "sp.", 3) == 0) {
			if (len >= sizeof(word)) {
				add_problem(o, p, len);
			} else {
				memcpy(word, p, len);
				word[len] = '\0';
				eq = strchr(word, '=');
				if (!eq) {
					add_problem(o, p, len);
				} else {
					*eq = '\0';
					if (apply(o, word + 3, eq + 1) < 0)
						add_problem(o, p, len);
				}
			}
		}
		p += len;
	}
}
