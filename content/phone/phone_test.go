package phone

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		raw, cc, want string
		ok            bool
	}{
		{"112", "de", "112", true},
		{"116 016", "de", "116016", true},
		{"0800 111 0 111", "de", "+498001110111", true},
		{"+46 20 50 50 50", "se", "+4620505050", true},
		{"020-50 50 50", "se", "+4620505050", true},
		{"12", "de", "", false},
		{"15", "fr", "15", true},
		{"3919", "fr", "3919", true},
		{"999", "gb", "999", true},
		{"111", "gb", "111", true},
		{"1522", "it", "1522", true},
		{"113", "de", "", false},
		{"116 111", "se", "116111", true},
		{"+49 1", "de", "", false},
		{"call us", "de", "", false},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.raw, tt.cc)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Normalize(%q, %s) = %q, %v; want %q ok=%v", tt.raw, tt.cc, got, err, tt.want, tt.ok)
		}
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"112", "112"},
		{"116016", "116 016"},
		{"+498001110111", "+49 800 1110111"},
		{"+4620505050", "+46 20 50 50 50"},
	}
	for _, tt := range tests {
		if got := Display(tt.in); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
