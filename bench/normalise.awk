# normalise.awk - put one tool's CSV output into a canonical form, so that the outputs
# of sluice, DuckDB and awk can be compared with a checksum after sorting.
#
#   awk -F, -f bench/normalise.awk out.csv | LC_ALL=C sort | md5sum
#
# Per field: surrounding double quotes are dropped; NULL/null become empty; integers
# lose a leading '+' and leading zeros; decimals and exponent forms become an integer
# when they hold one (2000000.0 -> 2000000), else 6 significant digits; timestamps
# '2025-11-01T10:00:00.1' become '2025-11-01 10:00:00.100' (space, 3 fraction digits).
# Strings that contain commas are not expected in the benchmark outputs.
BEGIN { OFS = "," }
{
    for (i = 1; i <= NF; i++) {
        f = $i
        if (f ~ /^".*"$/) f = substr(f, 2, length(f) - 2)
        if (f == "NULL" || f == "null") f = ""
        if (f ~ /^[-+]?[0-9]+$/) {
            neg = (f ~ /^-/)
            sub(/^[-+]/, "", f)
            sub(/^0+/, "", f)
            if (f == "") f = "0"
            else if (neg) f = "-" f
        } else if (f ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/) {
            v = f + 0
            if (v == int(v) && v < 1e15 && v > -1e15) f = sprintf("%.0f", v)
            else f = sprintf("%.6g", v)
        } else if (f ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]/) {
            f = substr(f, 1, 10) " " substr(f, 12)
            if (length(f) == 16) f = f ":00"
            if (length(f) == 19) f = f ".000"
            while (length(f) < 23) f = f "0"
        }
        $i = f
    }
    print
}
