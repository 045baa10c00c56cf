# changelog.awk - the rows a 'print' sink wrote, as the table they describe, with tabs
# between the columns. Used by tests/nexmark/run-tests.
#
#   sluice ... | awk -v keys=2 -f tests/nexmark/changelog.awk > table.tsv
#
# Input: lines as Flink's print connector writes them, `+I[a, b, c]`, `-U[...]`, `+U[...]`,
# `-D[...]` (the values joined by ", ": values holding ", " cannot be told apart, which
# the Nexmark data never has). keys=0 (append-only results): every line must be +I and
# is a row of the table. keys=N (an updating result whose first N columns are the group
# key, as bench/replay-changelog.awk replays csv): +I adds the key's row (the key must be
# absent), +U sets it (it must be absent: -U removed it), -U and -D remove it (the row
# must be the key's current row). At the end the rows left, in no particular order. A
# line that breaks these rules is written too, prefixed with "BAD CHANGELOG: ", so a
# comparison with the expected table shows it.
BEGIN { OFS = "\t"; keys += 0 }
{
    op = substr($0, 1, 2)
    if (substr($0, 3, 1) != "[" || substr($0, length($0)) != "]" ||
        (op != "+I" && op != "-U" && op != "+U" && op != "-D")) {
        print "BAD CHANGELOG: " $0
        next
    }
    row = substr($0, 4, length($0) - 4)
    n = split(row, v, ", ")
    row = v[1]
    for (i = 2; i <= n; i++) row = row OFS v[i]
    if (keys == 0) {
        if (op == "+I") print row
        else print "BAD CHANGELOG: " $0
        next
    }
    key = v[1]
    for (i = 2; i <= keys; i++) key = key SUBSEP v[i]
    if (op == "+I" || op == "+U") {
        if (key in cur) print "BAD CHANGELOG: " $0
        cur[key] = row
    } else {
        if (!(key in cur) || cur[key] != row) print "BAD CHANGELOG: " $0
        delete cur[key]
    }
}
END { for (k in cur) print cur[k] }
