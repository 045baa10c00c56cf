# time.awk - dates and timestamps for the awk programs of tests/nexmark (loaded first
# with -f): epoch milliseconds from a csv or LocalDateTime text and back to Java's
# LocalDateTime.toString, as the 'print' sink writes a TIMESTAMP(3). Plain arithmetic
# (POSIX awk, Debian's mawk: no mktime or strftime); the results stay below 2^53.

# days since 1970-01-01 of a proleptic Gregorian date (years >= 1), after Howard
# Hinnant's days_from_civil
function days_from_civil(y, m, d,    era, yoe, doy, doe) {
    if (m <= 2) y--
    era = int(y / 400)
    yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}

# the date of a day number (>= 0): sets CIV_Y, CIV_M, CIV_D
function civil_from_days(z,    era, doe, yoe, doy, mp) {
    z += 719468
    era = int(z / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    CIV_D = doy - int((153 * mp + 2) / 5) + 1
    CIV_M = mp < 10 ? mp + 3 : mp - 9
    CIV_Y = yoe + era * 400 + (CIV_M <= 2 ? 1 : 0)
}

# epoch milliseconds of a timestamp as csv writes it, 2024-01-01 23:45:00[.f[f[f]]], or
# as LocalDateTime.toString does, 2024-01-01T23:45[:00[.fff]] (the character between
# the date and the time is not read; the fraction has at most 3 digits)
function to_ms(ts,    frac) {
    frac = substr(ts, 21)
    frac = substr(frac "000", 1, 3)
    return (days_from_civil(substr(ts, 1, 4) + 0, substr(ts, 6, 2) + 0, substr(ts, 9, 2) + 0) \
            * 86400 + substr(ts, 12, 2) * 3600 + substr(ts, 15, 2) * 60 + substr(ts, 18, 2)) \
           * 1000 + frac
}

# epoch milliseconds as Java's LocalDateTime.toString: 2024-01-01T23:45, ...T23:45:10,
# ...T23:45:10.400 (seconds only when not both they and the fraction are zero)
function ldt(ms,    days, rem, s, out) {
    days = int(ms / 86400000)
    rem = ms - days * 86400000
    civil_from_days(days)
    s = int(rem / 1000) % 60
    out = sprintf("%04d-%02d-%02dT%02d:%02d", CIV_Y, CIV_M, CIV_D, int(rem / 3600000),
                  int(rem / 60000) % 60)
    if (rem % 60000 != 0) out = out sprintf(":%02d", s)
    if (rem % 1000 != 0) out = out sprintf(".%03d", rem % 1000)
    return out
}
