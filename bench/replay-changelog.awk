# replay-changelog.awk - turn sluice's streaming (changelog) CSV output back into the
# table it describes, and count its rows by kind.
#
#   sluice -c "SELECT k, COUNT(*) ... GROUP BY k" < bids.csv |
#       awk -F, -v keys=1 -v counts=FILE -f bench/replay-changelog.awk > table.csv
#
# Input: a header line `op,<columns>`, then rows `+I|-U|+U|-D,<values>`; the first
# `keys` columns after `op` are the group key. +I and +U set the group's current row;
# -U and -D must equal it (else counted as "mismatched") and remove it. At the end the
# header without `op`, then the current rows (in no particular order), go to stdout,
# and one line per kind ("+I N", "-U N", "+U N", "-D N", "mismatched N", "other N")
# to the file `counts`.
BEGIN { OFS = ","; if (keys == "") keys = 1 }
NR == 1 {
    sub(/^op,/, "")
    print
    next
}
{
    op = $1
    row = substr($0, length(op) + 2)
    key = $2
    for (i = 3; i <= keys + 1; i++) key = key SUBSEP $i
    if (op == "+I" || op == "+U") {
        cur[key] = row
    } else if (op == "-U" || op == "-D") {
        if (!(key in cur) || cur[key] != row) mismatched++
        delete cur[key]
    } else {
        other++
        next
    }
    n[op]++
}
END {
    for (k in cur) print cur[k]
    printf "+I %d\n-U %d\n+U %d\n-D %d\nmismatched %d\nother %d\n", \
        n["+I"], n["-U"], n["+U"], n["-D"], mismatched, other > counts
}
