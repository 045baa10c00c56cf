# window-agg.awk - the bench's TUMBLE and HOP window aggregations in awk, computed the
# way sluice computes them: as a stream, over event time.
#
#   awk -F, -v size=10000 -v slide=10000 -v max=1 -f bench/window-agg.awk < bids.csv
#
# Input: bench/data/bids.csv (header auction,bidder,price,channel,dateTime; dateTime
# 'YYYY-MM-DD HH:MM:SS.mmm', read as UTC). Windows are [start, start + size) with start
# a multiple of slide (milliseconds; slide = size is TUMBLE, else HOP; size must be a
# multiple of slide), so a row belongs to the size / slide windows whose slices cover
# it. Per window and auction it counts the rows (COUNT(*)) and, with max=1, keeps the
# largest price (MAX(price)).
#
# Streaming, as sluice does: the watermark is the largest dateTime seen so far minus
# 1 s; a window fires once the watermark reaches its end - 1 ms: its rows are printed
# and the state no later window needs is deleted, so memory follows the open windows,
# not the input. As in sluice, state is kept per slice (slide-long: a TUMBLE window is
# one slice, a HOP window the size / slide slices ending at its end) and a firing HOP
# window merges its slices; a row updates only its own slice. A row whose slice's last
# window has fired is late: dropped, and counted in `late` (printed to stderr at the end
# when not 0). At the end of the input every remaining window fires.
#
# Output, no header, windows in order of end, auctions in first-seen order:
#   window_start,window_end,auction,count[,max]   (timestamps 'YYYY-MM-DD HH:MM:SS')
BEGIN {
    if (slide == "") slide = size
    size += 0
    slide += 0
    if (size <= 0 || slide <= 0 || size % slide != 0) {
        print "window-agg.awk: need size > 0 and a slide dividing it" > "/dev/stderr"
        exit 2
    }
    per = size / slide # slices per window
    started = 0        # a watermark exists
    have = 0           # some slice holds data (then lo .. hi bound the slices)
    fired = 0          # windows (and slices) below this index have fired
}
NR == 1 { next }
{
    # Event time in epoch milliseconds; the date and the seconds are converted only
    # when they change (every few hundred rows).
    t = $5
    sec = substr(t, 1, 19)
    if (sec != lastsec) {
        lastsec = sec
        d = substr(t, 1, 10)
        if (d != lastd) {
            lastd = d
            dayms = days_from_civil(substr(d, 1, 4) + 0, substr(d, 6, 2) + 0, substr(d, 9, 2) + 0) * 86400000
        }
        secms = dayms + substr(t, 12, 2) * 3600000 + substr(t, 15, 2) * 60000 + substr(t, 18, 2) * 1000
    }
    ms = secms
    if (length(t) > 20) ms += substr(substr(t, 21) "00", 1, 3)

    # The watermark including this row (a row never falls in a window it closes
    # itself: its windows end after it, the watermark is 1 s behind it). Times are
    # after 1970, so int() is floor().
    if (!started || ms > maxms) {
        maxms = ms
        started = 1
        # windows w (start w * slide) with w * slide + size - 1 <= watermark fire
        nf = int((ms - 1000 + 1 - size) / slide) + 1
        if (nf > fired) {
            if (have) fire_to(nf)
            fired = nf
        }
    }
    sl = int(ms / slide) # the row's slice; its windows are sl - per + 1 .. sl
    if (sl < fired) { late++; next }
    if (sl != lastsl) { lastsl = sl; pre = sl SUBSEP }
    key = pre $1
    if (key in c) {
        c[key]++
        if (max && $3 + 0 > m[key]) m[key] = $3 + 0
    } else {
        c[key] = 1
        if (max) m[key] = $3 + 0
        member[pre (++n[sl])] = $1
        if (!have || sl < lo) lo = sl
        if (!have || sl > hi) hi = sl
        have = 1
    }
}
END {
    if (have) fire_to(hi + 1)
    if (late) printf "window-agg.awk: %d late rows dropped\n", late > "/dev/stderr"
}

# Fires the windows below index to that hold data, in order, then deletes the slices
# below to (their last window has fired).
function fire_to(to,   w, j, wp, i, k, a, head, nk, mc, mm, keys) {
    w = lo - per + 1
    if (w < fired) w = fired
    for (; w < to && w <= hi; w++) {
        head = fmt_ts(w * slide) "," fmt_ts(w * slide + size) ","
        if (per == 1) { # TUMBLE: the window is its one slice
            if (!(w in n)) continue
            wp = w SUBSEP
            for (i = 1; i <= n[w]; i++) {
                a = member[wp i]
                k = wp a
                if (max) print head a "," c[k] "," m[k]
                else print head a "," c[k]
            }
            continue
        }
        nk = 0 # HOP: merge the window's slices by auction
        for (j = w; j < w + per; j++) {
            if (!(j in n)) continue
            wp = j SUBSEP
            for (i = 1; i <= n[j]; i++) {
                a = member[wp i]
                k = wp a
                if (a in mc) {
                    mc[a] += c[k]
                    if (max && m[k] > mm[a]) mm[a] = m[k]
                } else {
                    keys[++nk] = a
                    mc[a] = c[k]
                    if (max) mm[a] = m[k]
                }
            }
        }
        for (i = 1; i <= nk; i++) {
            a = keys[i]
            if (max) print head a "," mc[a] "," mm[a]
            else print head a "," mc[a]
        }
        delete mc
        delete mm
        delete keys
    }
    for (j = lo; j < to && j <= hi; j++) {
        if (!(j in n)) continue
        wp = j SUBSEP
        for (i = 1; i <= n[j]; i++) {
            k = wp member[wp i]
            delete c[k]
            if (max) delete m[k]
            delete member[wp i]
        }
        delete n[j]
    }
    if (to > hi) have = 0
    else lo = to
}

function floor(x,   i) { i = int(x); return (i > x) ? i - 1 : i }

# Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
function days_from_civil(y, m, d,   era, yoe, doy, doe) {
    if (m <= 2) y--
    era = floor(y / 400)
    yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}

# Epoch milliseconds to 'YYYY-MM-DD HH:MM:SS[.mmm]'.
function fmt_ts(ms,   z, era, doe, yoe, y, doy, mp, dd, mm, sod, frac, out) {
    z = floor(ms / 86400000)
    sod = ms - z * 86400000
    frac = sod % 1000
    sod = (sod - frac) / 1000
    z += 719468
    era = floor(z / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    dd = doy - int((153 * mp + 2) / 5) + 1
    mm = mp < 10 ? mp + 3 : mp - 9
    if (mm <= 2) y++
    out = sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, mm, dd, int(sod / 3600), int(sod % 3600 / 60), sod % 60)
    if (frac) out = out sprintf(".%03d", frac)
    return out
}
