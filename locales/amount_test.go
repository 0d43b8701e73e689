package locales

import "testing"

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		tag    string
		amount float64
		digits uint64
		code   string
		want   string
	}{
		{"en", 11880, 2, "PHP", "11,880.00 PHP"},
		{"en", 19617, 0, "JPY", "19,617 JPY"},
		{"fr", 1234.5, 2, "EUR", "1\u202f234,50 EUR"},
		{"ar", 1234.5, 2, "EUR", "1٬234٫50 EUR"},
		{"uk", 1234.5, 2, "EUR", "1\u00a0234,50 EUR"},
	}
	for _, tc := range tests {
		if got := FormatAmount(tc.tag, tc.amount, tc.digits, tc.code); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.tag, tc.amount, got, tc.want)
		}
	}
	if got := FormatPercent("en", 2.5); got != "2.50%" {
		t.Errorf("percent: got %q", got)
	}
}
