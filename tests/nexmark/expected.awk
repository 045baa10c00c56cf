# expected.awk - the Nexmark queries computed again, independently of sluice, from a CSV
# dump of the bid view. Used by tests/nexmark/run-tests.
#
#   awk -F, -v query=q11 -f tests/nexmark/time.awk -f tests/nexmark/expected.awk \
#       bid.csv > expected.tsv
#
# Input: the rows of `SELECT * FROM bid` as csv without the header (auction, bidder,
# price, channel, url, dateTime, extra), no field quoted (run-tests checks that), in
# event order. Output: the query's result rows, one a line, the columns separated by tabs
# and written as Flink's print connector writes them (TIMESTAMP as Java's
# LocalDateTime.toString, NULL as `null`), in no particular order (run-tests sorts).
# For q12, whose windows follow the wall clock, the output is what does not depend on
# it: each bidder and its number of bids (run-tests sums the query's windows the same way).
#
# Written for POSIX awk (Debian's mawk): no gawk functions; numbers past 2^31 are
# printed with "%.0f", as mawk's print would write them as floats.
BEGIN {
    OFS = "\t"
    if (query == "") {
        print "expected.awk: -v query=qN is required" > "/dev/stderr"
        exit 2
    }
    split("apple google facebook baidu", big_name, " ")
    for (i = 1; i <= 4; i++) big_id[big_name[i]] = i - 1
}

# ---- helpers -----------------------------------------------------------------------

function big(n) { return sprintf("%.0f", n) }

# 0.908 * price as DECIMAL(.., 3), exactly: price * 908 thousandths (prices are >= 0)
function euros(price,    t) {
    t = price * 908
    return sprintf("%.0f", (t - t % 1000) / 1000) "." sprintf("%03d", t % 1000)
}

# REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2): the value of the first channel_id
# parameter at the start of url or after an '&' (java.util.regex find() takes the
# leftmost match), up to the next '&'; NULL (returned as the string "null", with
# EXTRACT_NULL set) when there is none.
function channel_id(url,    p, rest) {
    EXTRACT_NULL = 0
    if (substr(url, 1, 11) == "channel_id=") {
        rest = substr(url, 12)
    } else if ((p = index(url, "&channel_id=")) > 0) {
        rest = substr(url, p + 12)
    } else {
        EXTRACT_NULL = 1
        return "null"
    }
    p = index(rest, "&")
    return p > 0 ? substr(rest, 1, p - 1) : rest
}

# SPLIT_INDEX(s, '/', i): piece i (0-based) of s split at every '/' keeping empty pieces
# (commons-lang's splitByWholeSeparatorPreserveAllTokens, as Flink), NULL past the end;
# an empty s has no pieces.
function split_index(s, i,    n, parts) {
    n = (s == "") ? 0 : split(s, parts, "/")
    return i < n ? parts[i + 1] : "null"
}

# ---- the queries, row by row -------------------------------------------------------

{
    auction = $1; bidder = $2; price = $3 + 0; channel = $4; url = $5; ts = $6; extra = $7
}

query == "q0" { print auction, bidder, price, ldt(to_ms(ts)), extra }

query == "q1" { print auction, bidder, euros(price), ldt(to_ms(ts)), extra }

query == "q2" { if (auction % 123 == 0) print auction, price }

# q11: per bidder, a session is a run of bids each at most 10 s after the one before
# (Flink merges session windows [t, t + gap) that overlap or touch); its start is its
# first bid's time, its end the last bid's time + 10 s.
query == "q11" {
    t = to_ms(ts)
    if ((bidder in last) && t - last[bidder] <= 10000) {
        n[bidder, first[bidder]]++
    } else {
        first[bidder] = sprintf("%.0f", t)
        n[bidder, first[bidder]] = 1
    }
    last[bidder] = t
    end[bidder, first[bidder]] = t + 10000
}

query == "q12" { n[bidder]++ }

# q15/q16/q17: the groups; DATE_FORMAT(dateTime, 'yyyy-MM-dd') and 'HH:mm' are pieces of
# the csv timestamp. The price levels: 1 below 10000, 2 below 1000000, 3 the rest.
query == "q15" || query == "q16" || query == "q17" {
    day = substr(ts, 1, 10)
    rank = price < 10000 ? 1 : price < 1000000 ? 2 : 3
    if (query == "q15") g = day
    else if (query == "q16") g = channel SUBSEP day
    else g = auction SUBSEP day
    if (!(g in total)) {
        groups[++n_groups] = g
        for (r = 1; r <= 3; r++) bids[g, r] = bidders[g, r] = auctions[g, r] = 0
        all_bidders[g] = all_auctions[g] = 0
        minute[g] = ""; lo[g] = hi[g] = price; sum[g] = 0
    }
    total[g]++
    bids[g, rank]++
    if (!((g, bidder) in seen_b)) { seen_b[g, bidder]; all_bidders[g]++ }
    if (!((g, rank, bidder) in seen_rb)) { seen_rb[g, rank, bidder]; bidders[g, rank]++ }
    if (!((g, auction) in seen_a)) { seen_a[g, auction]; all_auctions[g]++ }
    if (!((g, rank, auction) in seen_ra)) { seen_ra[g, rank, auction]; auctions[g, rank]++ }
    hm = substr(ts, 12, 5)
    if (hm > minute[g]) minute[g] = hm
    if (price < lo[g]) lo[g] = price
    if (price > hi[g]) hi[g] = price
    sum[g] += price
}

# q21: CASE over lower(channel), else the url's channel_id; kept when either is there
query == "q21" {
    lc = tolower(channel)
    id = channel_id(url)
    if (lc in big_id) print auction, bidder, price, channel, big_id[lc]
    else if (!EXTRACT_NULL) print auction, bidder, price, channel, id
}

query == "q22" {
    print auction, bidder, price, channel, split_index(url, 3), split_index(url, 4),
          split_index(url, 5)
}

END {
    if (query == "q11") {
        for (k in n) {
            split(k, kk, SUBSEP)
            print kk[1], n[k], ldt(kk[2]), ldt(end[k])
        }
    } else if (query == "q12") {
        for (b in n) print b, n[b]
    } else if (query == "q15" || query == "q16" || query == "q17") {
        for (i = 1; i <= n_groups; i++) {
            g = groups[i]
            split(g, key, SUBSEP)
            counts = total[g] OFS bids[g, 1] OFS bids[g, 2] OFS bids[g, 3]
            distinct = all_bidders[g] OFS bidders[g, 1] OFS bidders[g, 2] OFS bidders[g, 3] \
                OFS all_auctions[g] OFS auctions[g, 1] OFS auctions[g, 2] OFS auctions[g, 3]
            if (query == "q15") {
                print key[1], counts, distinct
            } else if (query == "q16") {
                print key[1], key[2], minute[g], counts, distinct
            } else {
                # AVG of a BIGINT is a BIGINT: the quotient truncated toward zero (sums
                # are >= 0; the two tests undo a float quotient rounded across an integer)
                avg = int(sum[g] / total[g])
                if (avg * total[g] > sum[g]) avg--
                else if ((avg + 1) * total[g] <= sum[g]) avg++
                print key[1], key[2], counts, lo[g], hi[g], big(avg), big(sum[g])
            }
        }
    }
}
