package studio

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// doc is a TOML text kept as its lines, so that an edit rewrites only the
// lines of the keys whose values change: comments, order, spacing and every
// untouched byte stay as the editor wrote them.
type doc struct {
	lines []string // without their "\n"; the text ends with "\n" unless noEOL
	noEOL bool

	// The last scan, kept until the lines change (every change goes
	// through replace or setLine).
	scanned bool
	secs    []section
	keys    map[int][]keyLine
}

func parseDoc(text string) *doc {
	d := &doc{}
	if text == "" {
		return d
	}
	if !strings.HasSuffix(text, "\n") {
		d.noEOL = true
	} else {
		text = text[:len(text)-1]
	}
	d.lines = strings.Split(text, "\n")
	return d
}

func (d *doc) String() string {
	if len(d.lines) == 0 {
		return ""
	}
	s := strings.Join(d.lines, "\n")
	if !d.noEOL {
		s += "\n"
	}
	return s
}

// section is a table of the document: the lines from its header (or the
// top of the file, for the root) to the next header.
type section struct {
	header     string // "[[hotline]]", "[[hotline.text]]"; "" for the root
	start, end int    // line indexes: start is the header's line (0 for the root), end exclusive
}

// keyLine is one key = value of a section, with the lines its value spans.
type keyLine struct {
	key        string
	start, end int // end exclusive
	indent     string
}

var keyRe = regexp.MustCompile(`^(\s*)([A-Za-z0-9_-]+|"[^"]*")\s*=`)

// scan walks the document once and returns its sections and their keys.
// A value spans lines while an array, inline table or multi-line string is
// open, so headers inside them are not mistaken for tables.
func (d *doc) scan() ([]section, map[int][]keyLine) {
	if !d.scanned {
		d.secs, d.keys = d.scanLines()
		d.scanned = true
	}
	return d.secs, d.keys
}

func (d *doc) scanLines() ([]section, map[int][]keyLine) {
	var secs []section
	keys := map[int][]keyLine{}
	cur := section{start: 0}
	for i := 0; i < len(d.lines); i++ {
		line := d.lines[i]
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			cur.end = i
			secs = append(secs, cur)
			h := t
			if j := strings.Index(h, "#"); j > 0 {
				h = strings.TrimSpace(h[:j])
			}
			cur = section{header: h, start: i}
			continue
		}
		m := keyRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		end := valueEnd(d.lines, i, len(m[0]))
		keys[len(secs)] = append(keys[len(secs)], keyLine{key: strings.Trim(m[2], `"`), start: i, end: end, indent: m[1]})
		i = end - 1
	}
	cur.end = len(d.lines)
	secs = append(secs, cur)
	return secs, keys
}

// valueEnd is the line after the last line of the value that starts at
// column col of line i.
func valueEnd(lines []string, i, col int) int {
	depth := 0
	var str string // the open string's delimiter, if any
	for ; i < len(lines); i++ {
		s := lines[i]
		if col > len(s) {
			col = len(s)
		}
		for j := col; j < len(s); j++ {
			switch {
			case str != "":
				if str == `"` && s[j] == '\\' {
					j++
				} else if str == `"""` && s[j] == '\\' {
					j++
				} else if strings.HasPrefix(s[j:], str) {
					j += len(str) - 1
					str = ""
				}
			case strings.HasPrefix(s[j:], `"""`) || strings.HasPrefix(s[j:], `'''`):
				str = s[j : j+3]
				j += 2
			case s[j] == '"' || s[j] == '\'':
				str = s[j : j+1]
			case s[j] == '#':
				j = len(s)
			case s[j] == '[' || s[j] == '{':
				depth++
			case s[j] == ']' || s[j] == '}':
				depth--
			}
		}
		col = 0
		if (str == `"` || str == `'`) && depth == 0 {
			str = "" // a one-line string left open is a syntax error; stop here
		}
		if depth <= 0 && str == "" {
			return i + 1
		}
	}
	return len(lines)
}

// value decodes the value of k (nil when the key is absent or unreadable).
func (d *doc) value(k keyLine) any {
	text := strings.Join(d.lines[k.start:k.end], "\n")
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		return nil
	}
	for _, v := range m {
		return v
	}
	return nil
}

// find is the key named key in section index si.
func find(keys map[int][]keyLine, si int, key string) (keyLine, bool) {
	for _, k := range keys[si] {
		if k.key == key {
			return k, true
		}
	}
	return keyLine{}, false
}

// set gives key the value v in section si: it rewrites the key's lines when
// the value differs, adds the key after the section's last key when absent,
// and removes it when v is nil. It reports whether anything changed.
func (d *doc) set(si int, key string, v any) bool {
	secs, keys := d.scan()
	if si >= len(secs) {
		return false
	}
	k, ok := find(keys, si, key)
	if ok && v != nil && sameValue(d.value(k), v) {
		return false
	}
	if !ok && v == nil {
		return false
	}
	if v == nil {
		d.replace(k.start, k.end, nil)
		return true
	}
	if ok {
		enc := encodeKey(k.indent, key, v)
		d.replace(k.start, k.end, enc)
		return true
	}
	indent := ""
	at := secs[si].start + 1
	if si == 0 {
		at = 0
	}
	if ks := keys[si]; len(ks) > 0 {
		indent = ks[0].indent
		at = ks[len(ks)-1].end
	} else if si > 0 {
		indent = leadingSpace(d.lines[secs[si].start])
	}
	d.replace(at, at, encodeKey(indent, key, v))
	return true
}

func (d *doc) replace(start, end int, with []string) {
	out := append([]string{}, d.lines[:start]...)
	out = append(out, with...)
	d.lines = append(out, d.lines[end:]...)
	d.scanned = false
}

func (d *doc) setLine(i int, s string) {
	d.lines[i] = s
	d.scanned = false
}

func leadingSpace(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

// encodeKey writes key = v as TOML lines, the way the tree's files do:
// strings in double quotes, dates bare, lists on one line, and an array of
// inline tables one table a line.
func encodeKey(indent, key string, v any) []string {
	if rows, ok := v.([]map[string]any); ok {
		out := []string{indent + key + " = ["}
		for _, r := range rows {
			var parts []string
			for _, f := range []string{"id", "text"} {
				if x, ok := r[f]; ok {
					parts = append(parts, f+" = "+encodeValue(x))
				}
			}
			out = append(out, indent+"  { "+strings.Join(parts, ", ")+" },")
		}
		return append(out, indent+"]")
	}
	return []string{indent + key + " = " + encodeValue(v)}
}

// rawDate is a TOML local date written bare (2026-11-23).
type rawDate string

// rawNumber is a number as the editor typed it (60.00 stays 60.00).
type rawNumber string

func encodeValue(v any) string {
	switch x := v.(type) {
	case rawDate:
		return string(x)
	case rawNumber:
		return string(x)
	case string:
		return quote(x)
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = quote(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(map[string]any{"v": v}); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(strings.TrimPrefix(b.String(), "v = "))
}

// quote writes s as a TOML basic string, escaping only what must be.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sameValue reports whether the decoded old value equals the new one as
// a form would give it.
func sameValue(old, v any) bool {
	if old == nil {
		return false
	}
	return canonical(old) == canonical(v)
}

// canonical is a value as one comparable string.
func canonical(v any) string {
	switch x := v.(type) {
	case rawDate:
		return "d:" + string(x)
	case time.Time:
		return "d:" + x.Format(time.DateOnly)
	case rawNumber:
		return normNumber(string(x))
	case string:
		return "s:" + x
	case []string:
		return "l:" + strings.Join(x, "\x00")
	case []any:
		var parts []string
		for _, e := range x {
			switch y := e.(type) {
			case string:
				parts = append(parts, y)
			case map[string]any:
				parts = append(parts, fmt.Sprint(y["id"])+"="+fmt.Sprint(y["text"]))
			default:
				parts = append(parts, fmt.Sprint(y))
			}
		}
		if len(x) > 0 {
			if _, ok := x[0].(map[string]any); ok {
				return "o:" + strings.Join(parts, "\x00")
			}
		}
		return "l:" + strings.Join(parts, "\x00")
	case []map[string]any:
		var parts []string
		for _, y := range x {
			parts = append(parts, fmt.Sprint(y["id"])+"="+fmt.Sprint(y["text"]))
		}
		return "o:" + strings.Join(parts, "\x00")
	case int64:
		return normNumber(fmt.Sprint(x))
	case float64:
		return normNumber(fmt.Sprint(x))
	}
	return fmt.Sprint(v)
}

func normNumber(s string) string {
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		return "n:" + s
	}
	return fmt.Sprintf("n:%g", f)
}

// text is how a decoded value shows in a form field.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, fmt.Sprint(e))
		}
		return strings.Join(parts, ", ")
	case time.Time:
		return x.Format(time.DateOnly)
	}
	return fmt.Sprint(v)
}
