/*
 * latency.c - how long after the watermark passes a window's end does sluice emit the
 * window's result? (bench/run-bench builds it with gcc -O2 into bench/data/latency.)
 *
 *   latency [-r ROWS_PER_S] [-n ROWS] [-e EVENT_STEP_MS] [-w WINDOW_MS] [-k KEYS] SLUICE
 *
 * Starts SLUICE with a TUMBLE aggregation (window WINDOW_MS, default 1 s; watermark
 * = dateTime - 1 s) reading CSV rows from a pipe, and writes ROWS rows (default
 * 25,000) into it at ROWS_PER_S (default 5,000 a second), one write(2) per row, in
 * event-time order: row i has dateTime = 2025-11-01 10:00:00 + i * EVENT_STEP_MS (default
 * 10 ms, so a 1 s window gets 100 rows and 50 windows close per second of wall time)
 * and an auction among KEYS (default 100).
 *
 * The watermark after row i is its dateTime - 1 s; window [S, E) fires when the
 * watermark reaches E - 1 ms. For every window, the program notes the first row whose
 * watermark does that, and the CLOCK_MONOTONIC time just after that row's write(2)
 * returned. Meanwhile it reads sluice's stdout (-o csv), waiting in ppoll(2) between
 * rows, and notes the time at which the read(2) that brought each window's first
 * result row returned. The latency of a window is the difference. Windows that the
 * end of the input closes (the last ones) are not counted.
 *
 * It also checks the answer: every window must be emitted, and its COUNT(*)s must add
 * up to the rows written into it.
 *
 * Output (stdout), one line, for bench/run-bench:
 *   windows=N median_us=X p90_us=X p99_us=X max_us=X min_us=X rows=N rate=R sent_s=S
 *   late_writes=N ok=1|0 [error=...]
 * and a human-readable summary on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int64_t T0_MS = 1761991200000LL; /* 2025-11-01 10:00:00.000 UTC */
static const int64_t WM_DELAY_MS = 1000;      /* WATERMARK ... dateTime - INTERVAL '1' SECOND */

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *msg) {
    fprintf(stderr, "latency: %s%s%s\n", msg, errno ? ": " : "", errno ? strerror(errno) : "");
    exit(1);
}

/* Days since 1970-01-01 (H. Hinnant's algorithms), both ways. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

/* 'YYYY-MM-DD HH:MM:SS[.fff]' (or with 'T') to epoch ms; -1 if it is not one. */
static int64_t parse_ts(const char *s, size_t len) {
    if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T'))
        return -1;
    int v[6];
    const int at[6] = {0, 5, 8, 11, 14, 17}, w[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++) {
        v[i] = 0;
        for (int j = 0; j < w[i]; j++) {
            char c = s[at[i] + j];
            if (c < '0' || c > '9')
                return -1;
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    int64_t ms = (days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 + v[3] * 3600 +
                  v[4] * 60 + v[5]) *
                 1000;
    if (len > 20 && s[19] == '.') {
        int mult = 100;
        for (size_t i = 20; i < len && i < 23 && s[i] >= '0' && s[i] <= '9'; i++, mult /= 10)
            ms += (s[i] - '0') * mult;
    }
    return ms;
}

static char *put_ts(char *p, int64_t ms) {
    int y;
    unsigned m, d;
    int64_t days = ms / 86400000, rem = ms % 86400000;
    civil_from_days(days, &y, &m, &d);
    return p + sprintf(p, "%04d-%02u-%02u %02u:%02u:%02u.%03u", y, m, d,
                       (unsigned)(rem / 3600000), (unsigned)(rem / 60000 % 60),
                       (unsigned)(rem / 1000 % 60), (unsigned)(rem % 1000));
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of sorted v[0..n): nearest rank. */
static int64_t quantile(const int64_t *v, int n, double q) {
    int i = (int)(q * n + 0.999999) - 1;
    if (i < 0)
        i = 0;
    if (i >= n)
        i = n - 1;
    return v[i];
}

typedef struct {
    int64_t trigger_ns; /* when the row whose watermark closes it was written; 0: none */
    int64_t first_ns;   /* when its first result row was read; 0: not yet */
    int64_t rows_in;    /* rows written into it */
    int64_t count_out;  /* sum of the COUNT(*) column of its result rows */
} Window;

static Window *win;
static int64_t n_windows, window_ms;
static int64_t bad_lines;

/* One result line: window_start,window_end,auction,count,max. */
static void result_line(const char *s, size_t len, int64_t t) {
    const char *comma = memchr(s, ',', len);
    if (!comma)
        return;
    int64_t start = parse_ts(s, (size_t)(comma - s));
    if (start < 0) /* the header */
        return;
    int64_t idx = (start - T0_MS) / window_ms;
    if (start < T0_MS || idx >= n_windows || (start - T0_MS) % window_ms != 0) {
        bad_lines++;
        return;
    }
    const char *f = s;
    int field = 0;
    while (field < 3 && (f = memchr(f, ',', len - (size_t)(f - s))) != NULL) {
        f++;
        field++;
    }
    if (!f) {
        bad_lines++;
        return;
    }
    win[idx].count_out += strtoll(f, NULL, 10);
    if (!win[idx].first_ns)
        win[idx].first_ns = t;
}

static char rbuf[1 << 16];
static size_t rlen;

/* Reads what sluice wrote; returns 0 at EOF, 1 otherwise. */
static int drain(int fd) {
    ssize_t n = read(fd, rbuf + rlen, sizeof rbuf - rlen);
    int64_t t = now_ns();
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return 1;
        die("read from sluice");
    }
    if (n == 0)
        return 0;
    rlen += (size_t)n;
    size_t pos = 0;
    for (;;) {
        char *nl = memchr(rbuf + pos, '\n', rlen - pos);
        if (!nl)
            break;
        result_line(rbuf + pos, (size_t)(nl - (rbuf + pos)), t);
        pos = (size_t)(nl - rbuf) + 1;
    }
    memmove(rbuf, rbuf + pos, rlen - pos);
    rlen -= pos;
    if (rlen == sizeof rbuf)
        rlen = 0; /* a line longer than the buffer: not ours */
    return 1;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void) { /* splitmix64 */
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void usage(void) {
    fprintf(stderr, "usage: latency [-r ROWS_PER_S] [-n ROWS] [-e EVENT_STEP_MS] [-w WINDOW_MS] "
                    "[-k KEYS] SLUICE\n");
    exit(2);
}

int main(int argc, char **argv) {
    double rate = 5000;
    int64_t rows = 25000, step_ms = 10, keys = 100;
    window_ms = 1000;
    int opt;
    while ((opt = getopt(argc, argv, "r:n:e:w:k:")) != -1) {
        switch (opt) {
        case 'r': rate = atof(optarg); break;
        case 'n': rows = atoll(optarg); break;
        case 'e': step_ms = atoll(optarg); break;
        case 'w': window_ms = atoll(optarg); break;
        case 'k': keys = atoll(optarg); break;
        default: usage();
        }
    }
    if (optind != argc - 1 || rate <= 0 || rows <= 0 || step_ms <= 0 || window_ms <= 0 ||
        keys <= 0 || window_ms % 1000 != 0)
        usage();
    const char *sluice = argv[optind];

    int64_t last_ms = T0_MS + (rows - 1) * step_ms;
    n_windows = (last_ms - T0_MS) / window_ms + 1;
    win = calloc((size_t)n_windows, sizeof(Window));
    if (!win)
        die("out of memory");

    char sql[1024];
    snprintf(sql, sizeof sql,
             "CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, "
             "dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND) "
             "WITH ('connector' = 'stdin', 'format' = 'csv'); "
             "SELECT window_start, window_end, auction, COUNT(*), MAX(price) "
             "FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(dateTime), INTERVAL '%" PRId64
             "' SECONDS)) GROUP BY window_start, window_end, auction",
             window_ms / 1000);
    fprintf(stderr, "latency: sql: %s\n", sql);

    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) < 0 || pipe2(from_child, O_CLOEXEC) < 0)
        die("pipe");
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        execl(sluice, sluice, "-o", "csv", "-c", sql, (char *)NULL);
        fprintf(stderr, "latency: cannot run %s: %s\n", sluice, strerror(errno));
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    int in_fd = to_child[1], out_fd = from_child[0];

    static const char *const channels[] = {"Google", "Facebook", "Baidu", "Apple"};
    int64_t interval_ns = (int64_t)(1e9 / rate);
    int64_t next_trigger = 0; /* the first window not yet closed by a written row */
    int64_t late_writes = 0;  /* rows written more than 1 ms after their due time */
    int eof = 0;
    /* Give sluice time to start (plan the query, open stdin) before the clock runs. */
    {
        struct timespec ts = {0, 200 * 1000000L};
        nanosleep(&ts, NULL);
    }
    int64_t start = now_ns();
    for (int64_t i = 0; i < rows; i++) {
        int64_t due = start + i * interval_ns;
        /* Wait for the row's time, reading sluice's output as it comes (at least one
         * look without waiting, so that a writer behind schedule still drains it). */
        for (;;) {
            int64_t wait = due - now_ns();
            if (wait < 0)
                wait = 0;
            struct timespec ts = {(time_t)(wait / 1000000000LL), (long)(wait % 1000000000LL)};
            struct pollfd p = {out_fd, POLLIN, 0};
            int r = ppoll(&p, 1, &ts, NULL);
            if (r < 0 && errno != EINTR)
                die("ppoll");
            if (r > 0 && !drain(out_fd)) {
                errno = 0;
                die("sluice closed its output early (see its stderr)");
            }
            if (now_ns() >= due)
                break;
        }
        if (now_ns() - due > 1000000)
            late_writes++;
        int64_t ts_ms = T0_MS + i * step_ms;
        char line[160], *p = line;
        p += sprintf(p, "%" PRId64 ",%" PRIu64 ",%" PRIu64 ",%s,", 1000 + (int64_t)(next_rand() % (uint64_t)keys),
                     1000 + next_rand() % 50000, 100 + next_rand() % 100000000, channels[i & 3]);
        p = put_ts(p, ts_ms);
        *p++ = '\n';
        size_t len = (size_t)(p - line), off = 0;
        while (off < len) {
            ssize_t n = write(in_fd, line + off, len - off);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                die("write to sluice");
            }
            off += (size_t)n;
        }
        int64_t written = now_ns();
        win[(ts_ms - T0_MS) / window_ms].rows_in++;
        /* Windows [S, S + W) with S + W - 1 <= watermark = ts - 1 s close with this row. */
        int64_t wm = ts_ms - WM_DELAY_MS;
        while (next_trigger < n_windows && T0_MS + (next_trigger + 1) * window_ms - 1 <= wm)
            win[next_trigger++].trigger_ns = written;
    }
    int64_t sent = now_ns() - start;
    close(in_fd); /* the end of the input fires the remaining windows */
    while (!eof)
        eof = !drain(out_fd);
    int status;
    waitpid(pid, &status, 0);

    int ok = 1;
    char err[256] = "";
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ok = 0;
        snprintf(err, sizeof err, "sluice exited with status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    int64_t *lat = malloc((size_t)n_windows * sizeof(int64_t));
    int n = 0;
    int64_t missing = 0, wrong = 0;
    for (int64_t w = 0; w < n_windows; w++) {
        if (win[w].rows_in > 0 && !win[w].first_ns)
            missing++;
        if (win[w].count_out != win[w].rows_in)
            wrong++;
        if (win[w].trigger_ns && win[w].first_ns)
            lat[n++] = win[w].first_ns - win[w].trigger_ns;
    }
    if (ok && (missing || wrong || bad_lines)) {
        ok = 0;
        snprintf(err, sizeof err, "%" PRId64 " windows missing, %" PRId64 " with a wrong total count, %" PRId64 " unexpected lines",
                 missing, wrong, bad_lines);
    }
    if (n == 0) {
        ok = 0;
        if (!err[0])
            snprintf(err, sizeof err, "no window closed before the end of the input");
    }
    qsort(lat, (size_t)n, sizeof(int64_t), cmp_i64);
    int64_t neg = 0;
    for (int i = 0; i < n; i++)
        neg += lat[i] < 0;
    if (ok && neg) {
        ok = 0;
        snprintf(err, sizeof err, "%" PRId64 " windows emitted before their closing row was written", neg);
    }
    double us = 1e-3;
    if (n > 0) {
        printf("windows=%d median_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f min_us=%.1f rows=%" PRId64
               " rate=%.0f sent_s=%.3f late_writes=%" PRId64 " ok=%d",
               n, quantile(lat, n, 0.5) * us, quantile(lat, n, 0.9) * us, quantile(lat, n, 0.99) * us,
               lat[n - 1] * us, lat[0] * us, rows, rate, sent * 1e-9, late_writes, ok);
    } else {
        printf("windows=0 rows=%" PRId64 " ok=0", rows);
    }
    if (err[0])
        printf(" error=\"%s\"", err);
    printf("\n");
    fprintf(stderr,
            "latency: %" PRId64 " rows at %.0f/s (%" PRId64 " ms event time apart) in %.2f s, %" PRId64
            " windows of %" PRId64 " ms; %d closed by a row: latency median %.1f us, p99 %.1f us, max %.1f us%s%s\n",
            rows, rate, step_ms, sent * 1e-9, n_windows, window_ms, n, n ? quantile(lat, n, 0.5) * us : 0,
            n ? quantile(lat, n, 0.99) * us : 0, n ? lat[n - 1] * us : 0, err[0] ? "; " : "", err);
    return ok ? 0 : 1;
}
