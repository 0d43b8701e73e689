package content

import (
	"reflect"
	"testing"
)

func TestLangChain(t *testing.T) {
	tests := []struct {
		tag  string
		want []string
	}{
		{"fa-AF", []string{"fa-AF", "fa", "en"}},
		{"ar", []string{"ar", "en"}},
		{"en", []string{"en"}},
		{"en-GB", []string{"en-GB", "en-001", "en"}},
		{"not a tag!", []string{"en"}},
		{"", []string{"en"}},
	}
	for _, tt := range tests {
		if got := LangChain(tt.tag); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LangChain(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

func TestPick(t *testing.T) {
	tests := []struct {
		name      string
		available []string
		chain     []string
		want      string
	}{
		{"exact", []string{"en", "fa-AF"}, []string{"fa-AF", "fa", "en"}, "fa-AF"},
		{"parent", []string{"en", "fa"}, []string{"fa-AF", "fa", "en"}, "fa"},
		{"english", []string{"en", "ar"}, []string{"ti", "en"}, "en"},
		{"original when nothing fits", []string{"de"}, []string{"ti", "en"}, "de"},
	}
	for _, tt := range tests {
		if got := Pick(tt.available, tt.chain, "de"); got != tt.want {
			t.Errorf("%s: Pick = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSameLanguage(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"fa-AF", "fa", true},
		{"ar", "en", false},
		{"en", "en", true},
	}
	for _, tt := range tests {
		if got := SameLanguage(tt.a, tt.b); got != tt.want {
			t.Errorf("SameLanguage(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
