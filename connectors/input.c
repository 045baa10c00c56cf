/*
 * input.c - a buffered byte input over a file descriptor.
 *
 * The buffer holds [start, end): bytes read and not yet consumed by a reader. Readers
 * scan it in place and hand out pointers into it (string values), so it may move only
 * when a reader asks for more bytes, which a reader does only while it builds a batch,
 * never while a batch it returned is in use.
 *
 * Reading follows the streaming rule (see connectors.h): input_fill without may_block
 * first asks poll(2) with a zero timeout whether anything can be read, so a reader
 * that already holds a complete record returns it instead of waiting for more. The
 * descriptor itself is never switched to non-blocking mode, as stdin is shared with
 * the parent shell.
 */
#include "connectors/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Input *input_new(int fd, bool owns_fd, const char *name, size_t cap) {
    Input *in = xcalloc(1, sizeof(Input));
    in->fd = fd;
    in->owns_fd = owns_fd;
    in->name = xstrdup(name ? name : "input");
    in->cap = cap;
    in->buf = xcalloc(1, cap + INPUT_SLACK);
    return in;
}

Input *input_open_fd(int fd, const char *name) {
    /* A pipe holds 64 KiB by default: the writer and sluice would take turns every
     * 64 KiB. A larger pipe lets each read take up to the buffer's room at once; a
     * failure (not a pipe, or above the system's limit) changes nothing. */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
        (void)fcntl(fd, F_SETPIPE_SZ, (int)INPUT_BUF_SIZE);
    return input_new(fd, false, name, INPUT_BUF_SIZE);
}

Input *input_open_path(const char *path, Diag *diag) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_set(diag, -1, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        diag_set(diag, -1, "cannot open '%s': %s", path, strerror(EISDIR));
        return NULL;
    }
    return input_new(fd, true, path, INPUT_BUF_SIZE);
}

Input *input_open_memory(const char *data, size_t len, const char *name) {
    Input *in = input_new(-1, false, name, len ? len : 1);
    memcpy(in->buf, data, len);
    in->end = len;
    in->is_eof = true;
    return in;
}

void input_free(Input *in) {
    if (!in)
        return;
    if (in->owns_fd && in->fd >= 0)
        close(in->fd);
    free(in->buf);
    free(in->name);
    free(in);
}

const char *input_name(const Input *in) {
    return in->name;
}

void input_set_cancel(Input *in, volatile int *cancel) {
    in->cancel = cancel;
}

bool input_was_cancelled(const Input *in) {
    return in->was_cancelled;
}

/* After EINTR: true (and the input ended) when the user asked to stop. */
static bool cancelled(Input *in) {
    if (!in->cancel || !*in->cancel)
        return false;
    in->is_eof = true;
    in->was_cancelled = true;
    return true;
}

/* Makes at least INPUT_MIN_READ bytes of room after end. */
static int make_room(Input *in, Diag *diag) {
    if (in->cap - in->end >= INPUT_MIN_READ)
        return 0;
    size_t pending = in->end - in->start;
    if (in->start > 0) {
        memmove(in->buf, in->buf + in->start, pending);
        in->start = 0;
        in->end = pending;
        if (in->cap - in->end >= INPUT_MIN_READ && pending <= in->cap / 2)
            return 0;
    }
    if (pending >= INPUT_MAX_PENDING)
        return diag_set(diag, -1, "%s: a record is longer than %zu MiB", in->name,
                        INPUT_MAX_PENDING >> 20);
    size_t cap = in->cap * 2;
    while (cap - pending < INPUT_MIN_READ)
        cap *= 2;
    in->buf = xrealloc(in->buf, cap + INPUT_SLACK);
    memset(in->buf + cap, 0, INPUT_SLACK);
    in->cap = cap;
    return 0;
}

/* True when a read would not block (data or end of input is there). */
static bool fd_ready(int fd) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    for (;;) {
        int n = poll(&pfd, 1, 0);
        if (n >= 0)
            return n > 0;
        if (errno != EINTR)
            return true; /* let read report the problem */
    }
}

static void wait_readable(Input *in) {
    struct pollfd pfd = {.fd = in->fd, .events = POLLIN};
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR && !cancelled(in)) {
    }
}

/* Waits for data until deadline (UTC epoch ms); false when the deadline came first. */
static bool wait_until(Input *in, int64_t deadline) {
    struct pollfd pfd = {.fd = in->fd, .events = POLLIN};
    for (;;) {
        int64_t left = deadline - time_now_utc_ms();
        if (left <= 0)
            return fd_ready(in->fd);
        int n = poll(&pfd, 1, left > 1000 ? 1000 : (int)left);
        if (n > 0 || (n < 0 && errno != EINTR))
            return true; /* data, end of input or an error: let read tell */
        if (cancelled(in))
            return true;
    }
}

int64_t input_fill(Input *in, bool may_block, Diag *diag) {
    if (in->is_eof)
        return 0;
    if (make_room(in, diag) < 0)
        return -1;
    if (!may_block && !fd_ready(in->fd))
        return 0;
    if (may_block && in->wake_at > 0 && in->fd >= 0 && !wait_until(in, in->wake_at)) {
        in->timed_out = true;
        return 0;
    }
    for (;;) {
        ssize_t n = read(in->fd, in->buf + in->end, in->cap - in->end);
        if (n > 0) {
            in->end += (size_t)n;
            return n;
        }
        if (n == 0) {
            in->is_eof = true;
            return 0;
        }
        if (errno == EINTR) {
            if (cancelled(in))
                return 0;
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            /* Someone made the descriptor non-blocking. */
            if (!may_block)
                return 0;
            wait_readable(in);
            if (in->is_eof)
                return 0;
            continue;
        }
        diag_set(diag, -1, "cannot read '%s': %s", in->name, strerror(errno));
        return -1;
    }
}

int input_skip_bom(Input *in, Diag *diag) {
    static const char BOM[3] = {'\xEF', '\xBB', '\xBF'};
    if (in->bom_checked)
        return 0;
    for (;;) {
        size_t n = input_pending(in);
        size_t cmp = n < 3 ? n : 3;
        if (memcmp(in->buf + in->start, BOM, cmp) != 0)
            break; /* not a BOM: decided without waiting */
        if (n >= 3) {
            in->start += 3;
            break;
        }
        if (in->is_eof)
            break;
        if (input_fill(in, true, diag) < 0)
            return -1;
    }
    in->bom_checked = true;
    return 0;
}
