// SPDX-License-Identifier: MIT
/*
 * json_get.c - look up one value by dotted path in a JSON document. Enough
 * JSON for the probe's --json output (objects, arrays, strings, numbers,
 * literals); values are returned as text for field-by-field comparison.
 */
#include "pt.h"

#include <errno.h>
#include <string.h>

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Past the end of the string starting at the quote @p; NULL if malformed. */
static const char *skip_string(const char *p)
{
	for (p++; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

static const char *skip_value(const char *p, int depth);

static const char *skip_container(const char *p, char close, int depth)
{
	p = skip_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (*p != '"' || !(p = skip_string(p)))
				return NULL;
			p = skip_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = skip_value(skip_ws(p), depth + 1)))
			return NULL;
		p = skip_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = skip_ws(p);
	}
}

static const char *skip_value(const char *p, int depth)
{
	if (depth > 32)
		return NULL;
	p = skip_ws(p);
	if (*p == '{')
		return skip_container(p, '}', depth);
	if (*p == '[')
		return skip_container(p, ']', depth);
	if (*p == '"')
		return skip_string(p);
	const char *start = p;
	while (*p && !strchr(",}] \t\r\n", *p))
		p++;
	return p == start ? NULL : p;
}

static int copy_out(const char *start, const char *end, char *out, size_t cap)
{
	if (*start == '"') {
		start++;
		end--;
	}
	size_t n = (size_t)(end - start);
	if (n + 1 > cap)
		return -ENOSPC;
	memcpy(out, start, n);
	out[n] = '\0';
	return 0;
}

int pt_json_get(const char *doc, const char *path, char *out, size_t cap)
{
	const char *p = skip_ws(doc);
	while (*path) {
		size_t klen = strcspn(path, ".");
		if (*p != '{')
			return -ENOENT;
		p = skip_ws(p + 1);
		bool found = false;
		while (*p != '}') {
			if (*p != '"')
				return -EINVAL;
			const char *kend = skip_string(p);
			if (!kend)
				return -EINVAL;
			bool match = (size_t)(kend - p - 2) == klen && memcmp(p + 1, path, klen) == 0;
			p = skip_ws(kend);
			if (*p++ != ':')
				return -EINVAL;
			p = skip_ws(p);
			if (match) {
				found = true;
				break;
			}
			if (!(p = skip_value(p, 0)))
				return -EINVAL;
			p = skip_ws(p);
			if (*p == ',')
				p = skip_ws(p + 1);
			else if (*p != '}')
				return -EINVAL;
		}
		if (!found)
			return -ENOENT;
		path += klen;
		if (*path == '.')
			path++;
	}
	const char *end = skip_value(p, 0);
	if (!end)
		return -EINVAL;
	return copy_out(p, end, out, cap);
}
