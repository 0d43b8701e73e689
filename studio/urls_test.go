package studio

import (
	"reflect"
	"testing"
)

// TestSplitURLs: a sources field splits at the commas between addresses,
// not at a comma inside one.
func TestSplitURLs(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"https://a.org/x", []string{"https://a.org/x"}},
		{"https://a.org/x, https://b.org/y", []string{"https://a.org/x", "https://b.org/y"}},
		{"https://a.org/x,https://b.org/y", []string{"https://a.org/x", "https://b.org/y"}},
		{"https://a.org/x,\nhttps://b.org/y,", []string{"https://a.org/x", "https://b.org/y"}},
		{"https://km-bw.de/,Lde_DE/startseite/service/Rechtlicher+Rahmen, https://b.org/y",
			[]string{"https://km-bw.de/,Lde_DE/startseite/service/Rechtlicher+Rahmen", "https://b.org/y"}},
		{"https://a.org/x, y", []string{"https://a.org/x", "y"}}, // the checker refuses y by name
		{"  ", nil},
	} {
		if got := splitURLs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
