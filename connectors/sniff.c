/*
 * sniff.c - schema inference for the implicit `stdin` table: the format (CSV or JSON
 * lines) and, for CSV, the column names and types. (json_sniff lives beside its parser
 * in json_reader.c.)
 *
 * Sniffing peeks: it reads into the Input's buffer and consumes nothing, so the reader
 * made afterwards starts at the first byte. It waits only for what it cannot do
 * without - the header and the first data record - and then takes whatever else can
 * be read at once, up to SNIFF_MAX_BYTES and SNIFF_MAX_RECORDS, so a live stream that
 * has sent two lines starts its query at once.
 *
 * The CSV records are split here by a small splitter of its own, simpler than the
 * reader's scanner: it needs no spans, resumption or error messages, only the fields'
 * text; a malformed record simply stops the sample.
 */
#include "connectors/reader.h"

#include <stdlib.h>
#include <string.h>

/* ---- peeking ----------------------------------------------------------------------- */

int input_peek(Input *in, SniffEnoughFn has_enough, const void *ctx, Diag *diag) {
    if (input_skip_bom(in, diag) < 0)
        return -1;
    /* has_enough looks at everything from the start, so for a huge first record it is
     * asked again only when a newline came and the buffer has doubled since. */
    size_t checked = 0;
    bool ask = true;
    while (!in->is_eof && !(ask && has_enough(in->buf + in->start, input_pending(in), ctx))) {
        checked = ask ? input_pending(in) : checked;
        int64_t got = input_fill(in, true, diag);
        if (got < 0)
            return -1;
        size_t pending = input_pending(in);
        ask = got > 0 && memchr(in->buf + in->end - got, '\n', (size_t)got) &&
              (pending < ((size_t)1 << 20) || pending >= 2 * checked);
    }
    while (!in->is_eof && input_pending(in) < SNIFF_MAX_BYTES) {
        int64_t got = input_fill(in, false, diag);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
    }
    return 0;
}

static bool has_non_blank(const char *p, size_t n, const void *ctx) {
    (void)ctx;
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return true;
    return false;
}

InputFormat input_detect_format(Input *in) {
    Diag d;
    if (input_peek(in, has_non_blank, NULL, &d) < 0)
        return INPUT_FORMAT_CSV; /* the reader will report the read error */
    const char *p = in->buf + in->start, *end = p + input_pending(in);
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p < end && *p == '{' ? INPUT_FORMAT_JSON : INPUT_FORMAT_CSV;
}

void sniff_result_free(int n_fields, char **names, SqlType *types) {
    if (names)
        for (int i = 0; i < n_fields; i++)
            free(names[i]);
    free(names);
    free(types);
}

/* ---- splitting CSV records --------------------------------------------------------- */

typedef struct SniffField {
    const char *p;
    size_t len;
    bool quoted;
    bool escaped;
} SniffField;

typedef struct SniffFields {
    SniffField *items;
    int n, cap;
} SniffFields;

static void add_field(SniffFields *fs, const char *p, size_t len, bool quoted, bool escaped) {
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 16;
        fs->items = xrealloc(fs->items, (size_t)fs->cap * sizeof(SniffField));
    }
    fs->items[fs->n++] = (SniffField){p, len, quoted, escaped};
}

/*
 * The record at p: its fields go to fs (emptied first) and the return value is its
 * end (past the newline). NULL when the buffer ends inside it and more may come.
 * *is_record is false for a comment or blank line.
 */
static const char *split_record(const char *p, const char *end, bool eof, const CsvOptions *o,
                                SniffFields *fs, bool *is_record) {
    fs->n = 0;
    *is_record = false;
    if (p >= end)
        return NULL;
    if ((*p == '#' && o->allow_comments) || *p == '\n' ||
        (*p == '\r' && p + 1 < end && p[1] == '\n')) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return eof ? end : NULL;
        return nl + 1;
    }
    *is_record = true;
    for (;;) {
        const char *start = p, *fend;
        bool quoted = false, escaped = false;
        if (o->quote && p < end && *p == o->quote) {
            quoted = true;
            start = ++p;
            for (;;) {
                if (p >= end) {
                    if (!eof)
                        return NULL;
                    break;
                }
                if (o->escape && *p == o->escape && p + 1 < end) {
                    escaped = true;
                    p += 2;
                } else if (*p == o->quote) {
                    if (p + 1 < end && p[1] == o->quote) {
                        escaped = true;
                        p += 2;
                    } else if (p + 1 >= end && !eof) {
                        return NULL;
                    } else {
                        break;
                    }
                } else {
                    p++;
                }
            }
            fend = p < end ? p : end;
            if (p < end)
                p++;
            while (p < end && *p != o->delimiter && *p != '\n')
                p++;
        } else {
            while (p < end && *p != o->delimiter && *p != '\n') {
                if (o->escape && *p == o->escape && p + 1 < end) {
                    escaped = true;
                    p++;
                }
                p++;
            }
            fend = p;
            if ((p >= end || *p == '\n') && fend > start && fend[-1] == '\r')
                fend--;
        }
        if (p >= end && !eof)
            return NULL;
        add_field(fs, start, (size_t)(fend - start), quoted, escaped);
        if (p >= end)
            return end;
        if (*p == '\n')
            return p + 1;
        p++;
    }
}

static size_t sniff_unescape(const CsvOptions *o, const SniffField *f, char *dst) {
    size_t n = 0;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->p[i];
        if (o->escape && c == o->escape && i + 1 < f->len)
            c = f->p[++i];
        else if (o->quote && c == o->quote && i + 1 < f->len && f->p[i + 1] == o->quote)
            i++;
        dst[n++] = c;
    }
    return n;
}

typedef struct CsvEnough {
    const CsvOptions *opts;
    SniffFields *fields;
} CsvEnough;

/* Enough to start: the header and one data record, both complete. */
static bool csv_has_two_records(const char *p, size_t n, const void *ctx) {
    const CsvEnough *ce = ctx;
    const char *end = p + n;
    int records = 0;
    while (records < 2) {
        bool is_record;
        const char *next = split_record(p, end, false, ce->opts, ce->fields, &is_record);
        if (!next)
            return false;
        records += is_record;
        p = next;
    }
    return true;
}

/* ---- CSV types --------------------------------------------------------------------- */

enum {
    FITS_BIGINT = 1,
    FITS_DOUBLE = 2,
    FITS_BOOLEAN = 4,
    FITS_DATE = 8,
    FITS_TIMESTAMP = 16, /* a timestamp or a date */
    FITS_ALL = 31,
};

static unsigned value_fits(const char *s, size_t len) {
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    unsigned fits = 0;
    int64_t i64;
    double d;
    int32_t days;
    SqlType bigint = type_make(TYPE_BIGINT), dbl = type_make(TYPE_DOUBLE);
    if (type_parse_value(&bigint, s, len, &i64))
        fits |= FITS_BIGINT;
    if (type_parse_value(&dbl, s, len, &d))
        fits |= FITS_DOUBLE;
    if ((len == 4 && str_ieq_n(s, "true", 4)) || (len == 5 && str_ieq_n(s, "false", 5)))
        fits |= FITS_BOOLEAN;
    if (len == 10 && time_parse_date(s, len, &days))
        fits |= FITS_DATE | FITS_TIMESTAMP;
    else if (len > 10 && time_parse_timestamp(s, len, &i64))
        fits |= FITS_TIMESTAMP;
    return fits;
}

static SqlType type_from_fits(unsigned fits, bool seen) {
    if (!seen)
        return type_string();
    if (fits & FITS_BIGINT)
        return type_make(TYPE_BIGINT);
    if (fits & FITS_DOUBLE)
        return type_make(TYPE_DOUBLE);
    if (fits & FITS_BOOLEAN)
        return type_make(TYPE_BOOLEAN);
    if (fits & FITS_DATE)
        return type_make(TYPE_DATE);
    if (fits & FITS_TIMESTAMP)
        return type_timestamp(3);
    return type_string();
}

/* ---- sets of names ----------------------------------------------------------------- */

static size_t name_hash(const char *s, size_t len) {
    size_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

void name_set_init(NameSet *set, size_t expected) {
    size_t cap = 16;
    while (cap < 2 * expected)
        cap *= 2;
    set->slots = xmalloc(cap * sizeof(int));
    memset(set->slots, 0xFF, cap * sizeof(int));
    set->mask = cap - 1;
    set->n = 0;
}

void name_set_free(NameSet *set) {
    free(set->slots);
    set->slots = NULL;
}

/* The slot holding the name equal to key[0, len), or the empty slot where it would go. */
static size_t name_slot(const NameSet *set, char *const *names, const char *key, size_t len) {
    size_t i = name_hash(key, len) & set->mask;
    for (;;) {
        int at = set->slots[i];
        /* strnlen, not names[at][len]: a key with a NUL byte matches a shorter name's
         * prefix up to the NUL, and the name ends there */
        if (at < 0 || (strncmp(names[at], key, len) == 0 && strnlen(names[at], len + 1) == len))
            return i;
        i = (i + 1) & set->mask;
    }
}

int name_set_find(const NameSet *set, char *const *names, const char *key, size_t len) {
    return set->slots[name_slot(set, names, key, len)];
}

void name_set_add(NameSet *set, char *const *names, int index) {
    if (2 * (size_t)(set->n + 1) > set->mask + 1) {
        NameSet bigger;
        name_set_init(&bigger, (size_t)(set->n + 1) * 2);
        for (size_t i = 0; i <= set->mask; i++)
            if (set->slots[i] >= 0)
                name_set_add(&bigger, names, set->slots[i]);
        name_set_free(set);
        *set = bigger;
    }
    const char *name = names[index];
    size_t slot = name_slot(set, names, name, strlen(name));
    if (set->slots[slot] < 0) {
        set->slots[slot] = index;
        set->n++;
    }
}

/* Names from the header: unescaped, empty ones f<N>, repeated ones with _2, _3, ... */
static char **header_names(const CsvOptions *o, const SniffFields *fs) {
    int n = fs->n;
    char **names = xcalloc((size_t)n, sizeof(char *));
    NameSet set;
    name_set_init(&set, (size_t)n);
    for (int i = 0; i < n; i++) {
        const SniffField *f = &fs->items[i];
        char *name = xmalloc(f->len + 32);
        size_t len = f->escaped ? sniff_unescape(o, f, name) : f->len;
        if (!f->escaped)
            memcpy(name, f->p, f->len);
        len = strnlen(name, len); /* a NUL byte ends the name (else "_2" would not show) */
        if (len == 0)
            len = (size_t)snprintf(name, 32, "f%d", i + 1);
        name[len] = '\0';
        for (int suffix = 2; name_set_find(&set, names, name, strlen(name)) >= 0; suffix++)
            snprintf(name + len, 32, "_%d", suffix);
        names[i] = name;
        name_set_add(&set, names, i);
    }
    name_set_free(&set);
    return names;
}

int csv_sniff(Input *in, const CsvOptions *opts, int *n_fields, char ***names, SqlType **types,
              Diag *diag) {
    SniffFields fs = {NULL, 0, 0};
    CsvEnough ce = {opts, &fs};
    *n_fields = 0;
    *names = NULL;
    *types = NULL;
    if (input_peek(in, csv_has_two_records, &ce, diag) < 0)
        goto fail;
    const char *p = in->buf + in->start, *end = p + input_pending(in);
    const char *limit = p + SNIFF_MAX_BYTES;
    bool is_record = false;
    /* The header. */
    while (p < end) {
        const char *next = split_record(p, end, in->is_eof, opts, &fs, &is_record);
        if (!next)
            break;
        p = next;
        if (is_record)
            break;
    }
    if (!is_record || fs.n == 0) {
        diag_set(diag, -1, "%s is empty: cannot infer its columns", in->name);
        goto fail;
    }
    int n = fs.n;
    char **header = header_names(opts, &fs);
    unsigned *fits = xmalloc((size_t)n * sizeof(unsigned));
    bool *seen = xcalloc((size_t)n, sizeof(bool));
    for (int i = 0; i < n; i++)
        fits[i] = FITS_ALL;
    size_t null_len = opts->null_literal ? strlen(opts->null_literal) : 0;
    /* The first data record is looked at however long the header was. */
    for (int records = 0; records < SNIFF_MAX_RECORDS && p < end && (p < limit || !records);) {
        const char *next = split_record(p, end, in->is_eof, opts, &fs, &is_record);
        if (!next)
            break;
        p = next;
        if (!is_record)
            continue;
        records++;
        for (int i = 0; i < fs.n && i < n; i++) {
            const SniffField *f = &fs.items[i];
            if (f->len == 0 || (opts->null_literal && !f->quoted && f->len == null_len &&
                                memcmp(f->p, opts->null_literal, null_len) == 0))
                continue;
            seen[i] = true;
            if (!fits[i])
                continue;
            if (f->escaped) {
                char *text = xmalloc(f->len);
                size_t len = sniff_unescape(opts, f, text);
                fits[i] &= value_fits(text, len);
                free(text);
            } else {
                fits[i] &= value_fits(f->p, f->len);
            }
        }
    }
    *types = xmalloc((size_t)n * sizeof(SqlType));
    for (int i = 0; i < n; i++)
        (*types)[i] = type_from_fits(fits[i], seen[i]);
    *names = header;
    *n_fields = n;
    free(fits);
    free(seen);
    free(fs.items);
    return 0;
fail:
    free(fs.items);
    return -1;
}
