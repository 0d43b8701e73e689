package phone

import (
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

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
		// Rule 2: the harmonised European 116 numbers, in the EU and EEA only.
		{"116 006", "fr", "116006", true},
		{"116 000", "gr", "116000", true},
		{"116 123", "at", "116123", true},
		{"116 000", "ma", "", false}, // Morocco is outside the EU and EEA
		{"116 112", "de", "", false}, // reserved never to be used
		{"116 999", "fr", "", false}, // not reserved
		// Rule 3: national short numbers with their publisher's page.
		{"1109", "gr", "1109", true},
		{"15900", "gr", "15900", true},
		{"1190", "gr", "", false}, // a typo of 1109
		{"1109", "cy", "", false}, // Greece's number, not Cyprus's
		{"527", "ua", "527", true},
		{"527", "pl", "", false}, // Ukraine's number, not Poland's
		{"1348", "ph", "1348", true},
		{"1348", "ma", "", false}, // the Philippines' number, not Morocco's

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

func TestIsShortCode(t *testing.T) {
	tests := []struct {
		stored string
		short  bool
	}{{"112", true}, {"116000", true}, {"1109", true}, {"+498001110111", false}}
	for _, tt := range tests {
		if got := IsShortCode(tt.stored); got != tt.short {
			t.Errorf("IsShortCode(%q) = %v, want %v", tt.stored, got, tt.short)
		}
	}
}

// TestNationalShortNumbersAreUnknownToTheLibrary: an entry the library
// has learnt is dead weight, and hides where the rule comes from.
func TestNationalShortNumbersAreUnknownToTheLibrary(t *testing.T) {
	for key, page := range nationalShortNumbers {
		region, number, _ := strings.Cut(key, " ")
		if n, err := phonenumbers.Parse(number, region); err == nil && phonenumbers.IsValidShortNumberForRegion(n, region) {
			t.Errorf("%s: libphonenumber knows it now; remove it from nationalShortNumbers", key)
		}
		if !strings.HasPrefix(page, "https://") {
			t.Errorf("%s: source %q is not an https page", key, page)
		}
	}
}
