/*
 * gen-bids.c - deterministic generator of a Nexmark-like bid stream, as CSV on stdout.
 *
 *   gen-bids [ROWS]            (default 5000000)
 *
 * Columns: auction,bidder,price,channel,dateTime
 *   auction   1000 + an id in [0, 100000); a quarter of the bids go to 100 "hot"
 *             auctions, the rest spread uniformly (so ~100,000 distinct values).
 *   bidder    1000 + an id in [0, 50000); a fifth of the bids come from 50 hot bidders.
 *   price     an integer, log-uniform in [100, 100000000]: ln(price) is uniform, so
 *             each decade holds a sixth of the rows and `price > 1000000` keeps a third.
 *   channel   Google, Facebook, Baidu or Apple (90% of rows together), else
 *             channel-NNNN with NNNN in 0000..9999.
 *   dateTime  'YYYY-MM-DD HH:MM:SS.mmm' starting at 2025-11-01 10:00:00.000, advancing
 *             0..4 ms per row; one row in 8 is printed up to 200 ms early (disorder).
 *
 * The PRNG is splitmix64 with a fixed seed, so the file is identical on every machine.
 * Written with a hand-rolled formatter: generating 5M rows takes about a second.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x5eed5eed2025ULL;

static uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n). The modulo bias is negligible for n << 2^64. */
static uint64_t next_below(uint64_t n) { return next_u64() % n; }

/* Uniform double in [0, 1). */
static double next_unit(void) { return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

static char *put_uint(char *p, uint64_t v) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

static char *put_2(char *p, unsigned v) {
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
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

/* Epoch milliseconds to 'YYYY-MM-DD HH:MM:SS.mmm'. */
static char *put_timestamp(char *p, int64_t ms) {
    int64_t secs = ms / 1000, days = secs / 86400;
    unsigned sod = (unsigned)(secs % 86400), milli = (unsigned)(ms % 1000);
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    p = put_uint(p, (uint64_t)y);
    *p++ = '-';
    p = put_2(p, m);
    *p++ = '-';
    p = put_2(p, d);
    *p++ = ' ';
    p = put_2(p, sod / 3600);
    *p++ = ':';
    p = put_2(p, sod / 60 % 60);
    *p++ = ':';
    p = put_2(p, sod % 60);
    *p++ = '.';
    *p++ = (char)('0' + milli / 100);
    p = put_2(p, milli % 100);
    return p;
}

int main(int argc, char **argv) {
    long long rows = argc > 1 ? atoll(argv[1]) : 5000000LL;
    if (rows < 0) {
        fprintf(stderr, "usage: gen-bids [ROWS]\n");
        return 2;
    }
    static const char *const channels[] = {"Google", "Facebook", "Baidu", "Apple"};
    const double lo = log(100.0), hi = log(100000000.0);
    int64_t now_ms = 1761991200000LL; /* 2025-11-01 10:00:00.000 UTC */

    static char buf[1 << 16];
    char *p = buf;
    const char *header = "auction,bidder,price,channel,dateTime\n";
    memcpy(p, header, strlen(header));
    p += strlen(header);

    for (long long i = 0; i < rows; i++) {
        uint64_t auction = next_below(4) == 0 ? next_below(100) * 997 % 100000 : next_below(100000);
        uint64_t bidder = next_below(5) == 0 ? next_below(50) * 991 % 50000 : next_below(50000);
        uint64_t price = (uint64_t)llround(exp(lo + (hi - lo) * next_unit()));
        if (price < 100) price = 100;
        if (price > 100000000) price = 100000000;
        uint64_t ch = next_below(100);
        now_ms += (int64_t)next_below(5);
        int64_t ts = now_ms;
        if (next_below(8) == 0) ts -= (int64_t)next_below(201);

        p = put_uint(p, 1000 + auction);
        *p++ = ',';
        p = put_uint(p, 1000 + bidder);
        *p++ = ',';
        p = put_uint(p, price);
        *p++ = ',';
        if (ch < 90) {
            const char *c = channels[ch % 4];
            size_t n = strlen(c);
            memcpy(p, c, n);
            p += n;
        } else {
            unsigned nnnn = (unsigned)next_below(10000);
            memcpy(p, "channel-", 8);
            p += 8;
            p = put_2(p, nnnn / 100);
            p = put_2(p, nnnn % 100);
        }
        *p++ = ',';
        p = put_timestamp(p, ts);
        *p++ = '\n';
        if (p - buf > (long)sizeof buf - 128) {
            if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf)) return 1;
            p = buf;
        }
    }
    if (fwrite(buf, 1, (size_t)(p - buf), stdout) != (size_t)(p - buf)) return 1;
    return fflush(stdout) == 0 ? 0 : 1;
}
