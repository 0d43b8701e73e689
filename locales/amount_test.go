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
		{"fr", 1234.5, 2, "EUR", "1\u00a0234,50 EUR"},
		{"es", 17820.5, 2, "EUR", "17.820,50 EUR"},
		{"uk", 1234.5, 2, "EUR", "1\u00a0234,50 EUR"},
		// Latin digits, like the dates and phone numbers beside them, with
		// the Latin-digit signs of the language: never Latin digits with
		// Arabic-script signs.
		{"ar", 1234.5, 2, "EUR", "1,234.50 EUR"},
		{"fa", 17820.5, 2, "EUR", "17,820.50 EUR"},
		{"fa-AF", 17820.5, 2, "AFN", "17,820.50 AFN"},
		{"ps", 17820.5, 2, "EUR", "17.820,50 EUR"},
		{"ti", 17820.5, 2, "ERN", "17,820.50 ERN"},
		{"so", 17820.5, 2, "SOS", "17,820.50 SOS"},
		{"xx-not-a-tag", 5, 2, "EUR", "5.00 EUR"},
	}
	for _, tc := range tests {
		if got := FormatAmount(tc.tag, tc.amount, tc.digits, tc.code); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.tag, tc.amount, got, tc.want)
		}
	}
}

// Every interface language formats a percentage without panicking (the
// old calendar library panicked for Pashto) and with its language's signs.
func TestFormatPercent(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"en", "2.50%"},
		{"ar", "2.50%"},
		{"fa", "2.50%"},
		{"fa-AF", "2.50%"},
		{"ps", "2,50%"},
		{"fr", "2,50\u00a0%"},
		{"es", "2,50\u00a0%"},
		{"uk", "2,50%"},
		{"ti", "2.50%"},
		{"so", "2.50%"},
	}
	for _, tc := range tests {
		if got := FormatPercent(tc.tag, 2.5); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.tag, got, tc.want)
		}
	}
}
