// SPDX-License-Identifier: MIT
/*
 * kconfig_parse.c - split a .config into symbols, following the rules of the
 * kernel's scripts/kconfig/confdata.c (conf_read_simple): one assignment per
 * line, "# CONFIG_X is not set" for n, a trailing CR dropped, the last
 * assignment wins. Lines are cut in place in a private copy of the text.
 */
#include "kconfig_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	const char *name;          /* NUL-terminated, inside cfg->text; NULL: free slot */
	struct sp_kc_value value;
};

struct problem_list {
	struct sp_kc_problem kept[SP_KC_MAX_PROBLEMS];
	unsigned count;            /* all problems, kept or not */
};

struct sp_kc_config {
	char *text;                /* private copy, cut into strings */
	struct entry *slots;       /* open addressing, power-of-two size */
	size_t nslots;
	unsigned lines, assignments;
	struct problem_list damage, warnings;
	char header_arch[32];
	char header_version[64];
	bool generated;            /* a header comment kconfig writes into a full .config */
};

static const char empty_text[] = "";

static void add_problem(struct problem_list *list, unsigned line, const char *msg)
{
	if (list->count < SP_KC_MAX_PROBLEMS) {
		struct sp_kc_problem *p = &list->kept[list->count];
		p->line = line;
		snprintf(p->msg, sizeof(p->msg), "%s", msg);
	}
	list->count++;
}

/* Printable excerpt of @s (at most 40 characters) for messages. */
static void excerpt(char *out, size_t outlen, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n + 4 < outlen && i < 40; i++)
		out[n++] = isprint((unsigned char)s[i]) ? s[i] : '?';
	if (len > 40 && n + 4 < outlen) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct entry *find_slot(const struct sp_kc_config *cfg, const char *name)
{
	size_t mask = cfg->nslots - 1;
	for (size_t i = hash_name(name) & mask;; i = (i + 1) & mask)
		if (!cfg->slots[i].name || strcmp(cfg->slots[i].name, name) == 0)
			return &cfg->slots[i];
}

static bool is_symbol_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Kind of a value as written after '=', or SP_KC_ABSENT when invalid. */
static enum sp_kc_kind value_kind(const char *v)
{
	if (strcmp(v, "y") == 0)
		return SP_KC_YES;
	if (strcmp(v, "m") == 0)
		return SP_KC_MODULE;
	if (strcmp(v, "n") == 0)
		return SP_KC_NO;
	if (v[0] == '"') {
		const char *p = v + 1;
		for (; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		return (*p == '"' && p[1] == '\0') ? SP_KC_STRING : SP_KC_ABSENT;
	}
	const char *p = v;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		if (!*p)
			return SP_KC_ABSENT;
		for (; *p; p++)
			if (!isxdigit((unsigned char)*p))
				return SP_KC_ABSENT;
		return SP_KC_NUMBER;
	}
	if (*p == '-')
		p++;
	if (!*p)
		return SP_KC_ABSENT;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return SP_KC_ABSENT;
	return SP_KC_NUMBER;
}

static void assign(struct sp_kc_config *cfg, const char *name, enum sp_kc_kind kind,
		   const char *text, unsigned line)
{
	struct entry *e = find_slot(cfg, name);
	cfg->assignments++;
	if (e->name) {
		char msg[160];
		snprintf(msg, sizeof(msg), "CONFIG_%.60s assigned again (first at line %u); the last assignment wins",
			 name, e->value.line);
		add_problem(&cfg->warnings, line, msg);
		e->value.assignments++;
	} else {
		e->name = name;
		e->value.assignments = 1;
	}
	e->value.kind = kind;
	e->value.text = text;
	e->value.line = line;
}

/* Header comments: "# Linux/arm 3.4.0 Kernel Configuration", "# Linux kernel version: 2.6.29". */
static void read_header(struct sp_kc_config *cfg, const char *s)
{
	char arch[32], version[64];
	/* "# Automatically generated file; DO NOT EDIT." (3.3 on), "... make config:
	 * don't edit" (2.6.x to 3.2): confdata.c writes one of them first. */
	if (strncmp(s, "# Automatically generated ", 26) == 0)
		cfg->generated = true;
	if (cfg->header_version[0])
		return;
	if (sscanf(s, "# Linux/%31s %63s Kernel Configuration", arch, version) == 2) {
		snprintf(cfg->header_arch, sizeof(cfg->header_arch), "%s", arch);
		snprintf(cfg->header_version, sizeof(cfg->header_version), "%s", version);
		cfg->generated = true;
	} else if (sscanf(s, "# Linux kernel version: %63s", version) == 1) {
		snprintf(cfg->header_version, sizeof(cfg->header_version), "%s", version);
		cfg->generated = true;
	}
}

/* "# CONFIG_X is not set": returns the symbol name (cut in place) or NULL. */
static char *not_set_name(char *s)
{
	static const char prefix[] = "# CONFIG_", suffix[] = " is not set";
	if (strncmp(s, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	char *name = s + sizeof(prefix) - 1, *p = name;
	while (is_symbol_char(*p))
		p++;
	if (p == name || strcmp(p, suffix) != 0)
		return NULL;
	*p = '\0';
	return name;
}

static void damage_line(struct sp_kc_config *cfg, unsigned line, const char *what,
			const char *s, size_t len)
{
	char ex[48], msg[160];
	excerpt(ex, sizeof(ex), s, len);
	snprintf(msg, sizeof(msg), "%s: '%s'", what, ex);
	add_problem(&cfg->damage, line, msg);
}

static void parse_line(struct sp_kc_config *cfg, char *s, size_t len, unsigned line)
{
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len > SP_KC_MAX_LINE) {
		char msg[96];
		snprintf(msg, sizeof(msg), "line longer than %d bytes (%zu bytes)", SP_KC_MAX_LINE, len);
		add_problem(&cfg->damage, line, msg);
		return;
	}
	if (memchr(s, '\0', len)) {
		add_problem(&cfg->damage, line, "NUL byte in a text line");
		return;
	}
	s[len] = '\0';
	size_t blank = strspn(s, " \t");
	if (blank == len)
		return;
	if (s[0] == '#') {
		char *name = not_set_name(s);
		if (name)
			assign(cfg, name, SP_KC_NOT_SET, empty_text, line);
		else
			read_header(cfg, s);
		return;
	}
	if (strncmp(s, "CONFIG_", 7) != 0) {
		damage_line(cfg, line, "not a kconfig line", s, len);
		return;
	}
	char *name = s + 7, *p = name;
	while (is_symbol_char(*p))
		p++;
	if (p == name || *p != '=') {
		damage_line(cfg, line, "not a kconfig assignment", s, len);
		return;
	}
	*p = '\0';
	const char *value = p + 1;
	enum sp_kc_kind kind = value_kind(value);
	if (kind == SP_KC_ABSENT) {
		char ex[48], msg[160];
		excerpt(ex, sizeof(ex), value, strlen(value));
		snprintf(msg, sizeof(msg), "invalid value '%s' for CONFIG_%.60s", ex, name);
		add_problem(&cfg->damage, line, msg);
		return;
	}
	assign(cfg, name, kind, value, line);
}

int sp_kc_parse(const char *text, size_t len, struct sp_kc_config **out)
{
	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	struct sp_kc_config *cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return -ENOMEM;
	cfg->text = malloc(len + 1);
	size_t lines = 1;
	for (const char *p = text; p && (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		lines++;
	cfg->nslots = 64;
	while (cfg->nslots < 2 * lines)
		cfg->nslots *= 2;
	cfg->slots = calloc(cfg->nslots, sizeof(*cfg->slots));
	if (!cfg->text || !cfg->slots) {
		sp_kc_free(cfg);
		return -ENOMEM;
	}
	if (len)
		memcpy(cfg->text, text, len);
	cfg->text[len] = '\0';

	char *s = cfg->text, *end = cfg->text + len;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *e = nl ? nl : end;
		cfg->lines++;
		parse_line(cfg, s, (size_t)(e - s), cfg->lines);
		s = e + 1;
	}
	if (cfg->damage.count == 0 && cfg->assignments == 0)
		add_problem(&cfg->damage, 0, "no CONFIG_ assignment at all: not a kernel config");
	*out = cfg;
	return 0;
}

void sp_kc_free(struct sp_kc_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->slots);
	free(cfg->text);
	free(cfg);
}

struct sp_kc_value sp_kc_lookup(const struct sp_kc_config *cfg, const char *name)
{
	struct sp_kc_value none = { SP_KC_ABSENT, empty_text, 0, 0 };
	if (!cfg || !name)
		return none;
	const struct entry *e = find_slot(cfg, name);
	return e->name ? e->value : none;
}

bool sp_kc_next(const struct sp_kc_config *cfg, size_t *pos, const char **name, struct sp_kc_value *value)
{
	for (; cfg && *pos < cfg->nslots; (*pos)++)
		if (cfg->slots[*pos].name) {
			*name = cfg->slots[*pos].name;
			*value = cfg->slots[*pos].value;
			(*pos)++;
			return true;
		}
	return false;
}

unsigned sp_kc_damage_count(const struct sp_kc_config *cfg) { return cfg->damage.count; }
unsigned sp_kc_warning_count(const struct sp_kc_config *cfg) { return cfg->warnings.count; }
unsigned sp_kc_line_count(const struct sp_kc_config *cfg) { return cfg->lines; }
unsigned sp_kc_assignment_count(const struct sp_kc_config *cfg) { return cfg->assignments; }
const char *sp_kc_header_arch(const struct sp_kc_config *cfg) { return cfg->header_arch; }
const char *sp_kc_header_version(const struct sp_kc_config *cfg) { return cfg->header_version; }
bool sp_kc_generated_header(const struct sp_kc_config *cfg) { return cfg->generated; }

const struct sp_kc_problem *sp_kc_problem(const struct sp_kc_config *cfg, bool warning, unsigned i)
{
	const struct problem_list *list = warning ? &cfg->warnings : &cfg->damage;
	return (i < list->count && i < SP_KC_MAX_PROBLEMS) ? &list->kept[i] : NULL;
}

void sp_kc_add_damage(struct sp_kc_config *cfg, unsigned line, const char *msg)
{
	add_problem(&cfg->damage, line, msg);
}

const char *sp_kc_kind_name(enum sp_kc_kind kind)
{
	static const char *const names[] = {
		[SP_KC_ABSENT] = "absent", [SP_KC_NOT_SET] = "not set", [SP_KC_NO] = "n",
		[SP_KC_YES] = "y", [SP_KC_MODULE] = "m", [SP_KC_STRING] = "string",
		[SP_KC_NUMBER] = "number",
	};
	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
