package store

import (
	"reflect"
	"strings"
	"testing"
)

// TestNextFieldSplitsAsFields: joinNumbers walks a text's fields with
// nextField, which allocates nothing; it must split as strings.Fields.
func TestNextFieldSplitsAsFields(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a  b ", "116 016", "**110**: police", "a\u00a0b\u2003c\u0085d", "\tx\ny\r\v\fz",
		"\xff 1\xfe2", "١٢ 34\u3000五", "end ",
	} {
		var got []string
		for rest := s; ; {
			var f string
			if f, rest = nextField(rest); f == "" {
				break
			}
			got = append(got, f)
		}
		if want := strings.Fields(s); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("nextField over %q: %q, want %q", s, got, want)
		}
	}
}
