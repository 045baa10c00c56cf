SELECT `weird``name`, "x" FROM t /* comment */ -- line
;
