# Counts lines of C or assembly code: lines with something left after removing
# /* */ and // comments (string and character literals are respected).
# Usage: awk -f tools/loc.awk FILES...   prints the total.
function count_line(line,    i, c, n, out, q) {
	out = ""
	n = length(line)
	for (i = 1; i <= n; i++) {
		c = substr(line, i, 1)
		if (in_comment) {
			if (c == "*" && substr(line, i + 1, 1) == "/") {
				in_comment = 0
				i++
			}
			continue
		}
		if (quote != "") {
			out = out c
			if (c == "\\") {
				out = out substr(line, i + 1, 1)
				i++
			} else if (c == quote) {
				quote = ""
			}
			continue
		}
		if (c == "/" && substr(line, i + 1, 1) == "*") {
			in_comment = 1
			i++
			continue
		}
		if (c == "/" && substr(line, i + 1, 1) == "/")
			break
		if (c == "\"" || (c == "'" && !is_asm)) {
			quote = c
		}
		out = out c
	}
	# A string literal does not continue past the end of a line.
	quote = ""
	return out ~ /[^ \t\f\r]/
}
FNR == 1 { in_comment = 0; quote = ""; is_asm = FILENAME ~ /\.[sS]$/ }
{ total += count_line($0) }
END { print total + 0 }
