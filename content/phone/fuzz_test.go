package phone

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzNormalize: any text and country give a stored number or an error,
// never a panic; a stored number is E.164 or a short code, normalizes to
// itself, and displays and dials without a panic.
func FuzzNormalize(f *testing.F) {
	for _, s := range []struct{ raw, cc string }{
		{"030 1234567", "de"}, {"+49 30 1234567", "de"}, {"116 016", "de"}, {"112", "de"},
		{"15900", "gr"}, {"+30 210 1234567", "gr"}, {"0800 1111111", "de"}, {"1177", "se"},
		{"+33 1 23 45 67 89", "fr"}, {"(030) 123-456/7", "de"}, {"+", "de"}, {"", "zz"},
	} {
		f.Add(s.raw, s.cc)
	}
	f.Fuzz(func(t *testing.T, raw, cc string) {
		stored, err := Normalize(raw, cc)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", raw)) {
				t.Errorf("the message does not name the number %q: %v", raw, err)
			}
			return
		}
		if !shortCode.MatchString(stored) && (!strings.HasPrefix(stored, "+") || len(stored) < 4 || strings.ContainsFunc(stored[1:], func(r rune) bool { return r < '0' || r > '9' })) {
			t.Fatalf("Normalize(%q, %q) = %q: neither E.164 nor a short code", raw, cc, stored)
		}
		again, err := Normalize(stored, cc)
		if err != nil || again != stored {
			t.Fatalf("Normalize(%q, %q) = %q, but that normalizes to %q, %v", raw, cc, stored, again, err)
		}
		Display(stored)
		Dial(stored)
	})
}
