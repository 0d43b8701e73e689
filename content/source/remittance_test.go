package source

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/content"
)

var fixtureDay = content.Date{Year: 2026, Month: 10, Day: 15}

// fixture reads the valid corridors file in testdata; tests break one thing
// in it at a time.
func fixture(t *testing.T) (country, corridors string) {
	t.Helper()
	c, err := os.ReadFile("testdata/remittance/de/country.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.ReadFile("testdata/remittance/de/remittance.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(c), string(r)
}

func TestRemittanceFixtureLoads(t *testing.T) {
	pack, problems := LoadOn(os.DirFS("testdata/remittance"), fixtureDay)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(pack.Corridors) != 1 {
		t.Fatalf("got %d corridors", len(pack.Corridors))
	}
	c := pack.Corridors[0]
	if c.Country != "de" || c.SendCurrency != "EUR" || c.ReceiveCurrency != "PHP" || c.Mid.Mid.String() != "60" ||
		c.MidDate.String() != "2026-10-01" || len(c.Providers) != 2 {
		t.Fatalf("corridor read as %+v", c)
	}
	a, b := c.Providers[0], c.Providers[1]
	if a.Name != "Alpha Transfer" || a.Channel != content.ChannelMTO || len(a.Quotes) != 2 ||
		a.Quotes[1].FeeFixed.String() != "8.54" || a.Quotes[1].Rate.String() != "59.7" || a.ReviewBy.String() != "2027-01-02" {
		t.Errorf("Alpha read as %+v", a)
	}
	if b.Quotes[0].FeePercent.String() != "1.5" || b.Quotes[0].MarginPercent.String() != "2.5" || b.ReviewBy.String() != "2026-11-01" {
		t.Errorf("Beta read as %+v", b)
	}
}

func TestRemittanceStaleQuoteIsAWarning(t *testing.T) {
	_, problems := LoadOn(os.DirFS("testdata/remittance"), content.Date{Year: 2026, Month: 11, Day: 2})
	if len(problems) != 1 || !problems[0].Warning ||
		problems[0].String() != `de/remittance.toml:42: warning: provider "Beta Bank": the quote of 2026-09-01 is past its review-by date 2026-11-01: check it against the source` {
		t.Fatalf("got %v", problems)
	}
}

func TestRemittanceErrors(t *testing.T) {
	tests := []struct{ name, from, to, want string }{
		{"send currency not ISO 4217", `send_currency = "EUR"`, `send_currency = "EURO"`,
			`de/remittance.toml:5: send_currency "EURO": want an ISO 4217 currency code in capitals`},
		{"receive currency in lower case", `receive_currency = "PHP"`, `receive_currency = "php"`,
			`de/remittance.toml:7: receive_currency "php": want an ISO 4217`},
		{"receive country", `receive_country = "ph"`, `receive_country = "PHL"`,
			`de/remittance.toml:6: receive_country "PHL": want an ISO 3166-1 alpha-2`},
		{"mid rate zero", `mid_rate = 60.00`, `mid_rate = 0`,
			`de/remittance.toml:8: corridor "de-remit-eur-php": mid_rate must be more than zero`},
		{"mid rate missing", "mid_rate = 60.00\n", "",
			`de/remittance.toml:3: corridor "de-remit-eur-php": providers' quotes need the mid-market mid_rate`},
		{"mid rate without its source", `mid_rate_source = "https://example.org/reference-rates/2026-10-01"`, `mid_rate_source = ""`,
			`de/remittance.toml:8: corridor "de-remit-eur-php": give the mid_rate's mid_rate_date and its mid_rate_source`},
		{"source not https", `source = "https://example.org/price-survey/eur-php"`, `source = "example.org"`,
			`de/remittance.toml:14: corridor "de-remit-eur-php": source must be the https:// address`},
		{"no data source", `data_source = "Test price survey, October 2026"`, `data_source = ""`,
			`de/remittance.toml:11: corridor "de-remit-eur-php": say where the quotes come from in data_source`},
		{"no publisher", `publisher = "Test"`, `publisher = ""`,
			`de/remittance.toml:13: corridor "de-remit-eur-php": missing publisher`},
		{"unknown channel", `channel = "bank"`, `channel = "hawala"`,
			`de/remittance.toml:38: provider "Beta Bank": channel "hawala": want one of`},
		{"no quote date", "  quoted_on = 2026-10-01\n", "",
			`de/remittance.toml:18: provider "Alpha Transfer": missing quoted_on`},
		{"negative fee", `fee = 8.54`, `fee = -8.54`,
			`de/remittance.toml:33: provider "Alpha Transfer": quote for 462: a fee cannot be negative`},
		{"negative percentage fee", "fee_percent = 1.5\n    margin_percent = 2.0", "fee_percent = -1.5\n    margin_percent = 2.0",
			`de/remittance.toml:52: provider "Beta Bank": quote for 462: a fee cannot be negative`},
		{"no fee", "    fee = 3.00\n", "",
			`de/remittance.toml:26: provider "Alpha Transfer": quote for 185: give fee (0 when there is none) or fee_percent`},
		{"zero rate", `rate = 59.40`, `rate = 0`,
			`de/remittance.toml:29: provider "Alpha Transfer": quote for 185: rate must be more than zero`},
		{"rate and margin both", `rate = 59.70`, "rate = 59.70\n    margin_percent = 1",
			`de/remittance.toml:34: provider "Alpha Transfer": quote for 462: give either rate or margin_percent`},
		{"margin of 100 %", `margin_percent = 2.5`, `margin_percent = 100`,
			`de/remittance.toml:48: provider "Beta Bank": quote for 185: margin_percent must be from 0 up to 100`},
		{"zero amount", `amount = 185`, `amount = 0`,
			`de/remittance.toml:27: provider "Alpha Transfer": a quote needs an amount more than zero`},
		{"two quotes for one amount", `amount = 462`, `amount = 185`,
			`de/remittance.toml:32: provider "Alpha Transfer": two quotes for 185`},
		{"id of another country", `id = "de-remit-eur-php"`, `id = "se-remit-eur-php"`,
			`de/remittance.toml:4: id "se-remit-eur-php" is in the folder de/`},
		{"amount not a number", `amount = 185`, `amount = "a lot"`,
			`de/remittance.toml:`},
	}
	country, corridors := fixture(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(corridors, tc.from) {
				t.Fatalf("fixture has no %q", tc.from)
			}
			broken := strings.Replace(corridors, tc.from, tc.to, 1)
			_, problems := LoadOn(fstest.MapFS{
				"de/country.toml":    {Data: []byte(country)},
				"de/remittance.toml": {Data: []byte(broken)},
			}, fixtureDay)
			errs := content.Errors(problems)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].String(), tc.want) {
				t.Fatalf("got %v\nwant one error starting %q", problems, tc.want)
			}
		})
	}
}
