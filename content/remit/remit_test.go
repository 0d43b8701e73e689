package remit

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// want is a cost as worked out by hand; money figures are compared as
// strings at the currency's minor unit.
type want struct {
	fee, margin, total, percent, received string
	basis                                 Basis
}

func check(t *testing.T, got Cost, w want) {
	t.Helper()
	s := func(v decimal.Decimal, places int32) string { return v.StringFixed(places) }
	ms, mr := MinorUnits(got.Send), MinorUnits(got.Receive)
	if s(got.Fee, ms) != w.fee || s(got.Margin, ms) != w.margin || s(got.Total, ms) != w.total ||
		s(got.Percent, 2) != w.percent || s(got.Received, mr) != w.received || got.Basis != w.basis {
		t.Errorf("got fee %s margin %s total %s (%s%%) received %s basis %d\nwant fee %s margin %s total %s (%s%%) received %s basis %d",
			s(got.Fee, ms), s(got.Margin, ms), s(got.Total, ms), s(got.Percent, 2), s(got.Received, mr), got.Basis,
			w.fee, w.margin, w.total, w.percent, w.received, w.basis)
	}
}

// All figures below are fixtures made up for the arithmetic, not real
// prices of any provider.
var eurPHP = Pair{Send: "EUR", Receive: "PHP", Mid: d("60.00")}

func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name   string
		pair   Pair
		quotes []Quote
		amount string
		want   want
	}{
		{
			// Flat fee 4.99 EUR, rate 59.40 against mid 60.00, send 200 EUR.
			// margin = 200 × (60.00 − 59.40) / 60.00 = 200 × 0.01 = 2.00
			// total = 4.99 + 2.00 = 6.99 EUR; 6.99 / 200 = 3.495 % → 3.50 %
			// received = 200 × 59.40 = 11 880.00 PHP
			name:   "flat fee",
			pair:   eurPHP,
			quotes: []Quote{{Amount: d("200"), FeeFixed: d("4.99"), Rate: d("59.40")}},
			amount: "200",
			want:   want{"4.99", "2.00", "6.99", "3.50", "11880.00", Exact},
		},
		{
			// Fee 1.00 EUR + 1.5 % of 500 EUR = 1.00 + 7.50 = 8.50; rate = mid.
			// margin = 0; total 8.50 EUR; 8.50 / 500 = 1.70 %
			// received = 500 × 60.00 = 30 000.00 PHP
			name:   "percentage fee",
			pair:   eurPHP,
			quotes: []Quote{{Amount: d("500"), FeeFixed: d("1.00"), FeePercent: d("1.5"), Rate: d("60.00")}},
			amount: "500",
			want:   want{"8.50", "0.00", "8.50", "1.70", "30000.00", Exact},
		},
		{
			// Quoted margin 2.5 %: rate = 60.00 × 0.975 = 58.50. No fee.
			// margin = 200 × (60.00 − 58.50) / 60.00 = 200 × 0.025 = 5.00
			// total 5.00 EUR = 2.50 %; received = 200 × 58.50 = 11 700.00 PHP
			name:   "margin given as a percentage",
			pair:   eurPHP,
			quotes: []Quote{{Amount: d("200"), MarginPercent: d("2.5")}},
			amount: "200",
			want:   want{"0.00", "5.00", "5.00", "2.50", "11700.00", Exact},
		},
		{
			// EUR → USD, mid 1.0845, quoted rate 1.0612, no fee, send 300 EUR.
			// margin = 300 × (1.0845 − 1.0612) / 1.0845 = 6.99 / 1.0845
			//        = 6.44537… → 6.45 EUR
			// 6.45 / 300 = 2.15 %; received = 300 × 1.0612 = 318.36 USD
			name:   "margin from a quoted rate",
			pair:   Pair{Send: "EUR", Receive: "USD", Mid: d("1.0845")},
			quotes: []Quote{{Amount: d("300"), Rate: d("1.0612")}},
			amount: "300",
			want:   want{"0.00", "6.45", "6.45", "2.15", "318.36", Exact},
		},
		{
			// Quotes at 185 EUR (fee 3.00, rate 59.40) and 462 EUR (fee 8.54,
			// rate 59.70); send 300 EUR.
			// fee = 3.00 + (8.54 − 3.00) × (300 − 185) / (462 − 185)
			//     = 3.00 + 5.54 × 115 / 277 = 3.00 + 637.1 / 277 = 3.00 + 2.30 = 5.30
			// nearest quote: 300 − 185 = 115 < 462 − 300 = 162 → rate 59.40
			// margin = 300 × 0.60 / 60.00 = 3.00; total 8.30 EUR
			// 8.30 / 300 = 2.7666… % → 2.77 %; received = 300 × 59.40 = 17 820.00
			name:   "fee interpolated between two quoted amounts",
			pair:   eurPHP,
			quotes: twoQuotes,
			amount: "300",
			want:   want{"5.30", "3.00", "8.30", "2.77", "17820.00", Interpolated},
		},
		{
			// Same quotes, send 400 EUR: nearer to 462 (62 < 215) → rate 59.70.
			// fee = 3.00 + 5.54 × 215 / 277 = 3.00 + 1191.1 / 277 = 3.00 + 4.30 = 7.30
			// margin = 400 × 0.30 / 60.00 = 2.00; total 9.30 EUR = 2.325 % → 2.33 %
			// received = 400 × 59.70 = 23 880.00 PHP
			name:   "interpolated fee, rate of the nearer upper quote",
			pair:   eurPHP,
			quotes: twoQuotes,
			amount: "400",
			want:   want{"7.30", "2.00", "9.30", "2.33", "23880.00", Interpolated},
		},
		{
			// Same quotes, send 1000 EUR, above the range: the 462 EUR quote is
			// used as it is: fee 8.54 (flat), rate 59.70.
			// margin = 1000 × 0.30 / 60.00 = 5.00; total 13.54 EUR = 1.354 % → 1.35 %
			// received = 1000 × 59.70 = 59 700.00 PHP
			name:   "amount above the quoted range",
			pair:   eurPHP,
			quotes: twoQuotes,
			amount: "1000",
			want:   want{"8.54", "5.00", "13.54", "1.35", "59700.00", AboveRange},
		},
		{
			// Same quotes, send 50 EUR, below the range: the 185 EUR quote,
			// fee 3.00, rate 59.40. margin = 50 × 0.60 / 60.00 = 0.50
			// total 3.50 EUR = 7.00 %; received = 50 × 59.40 = 2 970.00 PHP
			name:   "amount below the quoted range",
			pair:   eurPHP,
			quotes: twoQuotes,
			amount: "50",
			want:   want{"3.00", "0.50", "3.50", "7.00", "2970.00", BelowRange},
		},
		{
			// EUR → JPY (0 decimals), mid 162.37, rate 158.91, fee 2.50,
			// send 123.45 EUR.
			// margin = 123.45 × 3.46 / 162.37 = 427.137 / 162.37 = 2.63064… → 2.63
			// total 5.13 EUR; 5.13 / 123.45 = 4.1555… % → 4.16 %
			// received = 123.45 × 158.91 = 19 617.4395 → 19 617 JPY
			name:   "rounding: received in a 0-decimal currency",
			pair:   Pair{Send: "EUR", Receive: "JPY", Mid: d("162.37")},
			quotes: []Quote{{Amount: d("123.45"), FeeFixed: d("2.50"), Rate: d("158.91")}},
			amount: "123.45",
			want:   want{"2.50", "2.63", "5.13", "4.16", "19617", Exact},
		},
		{
			// KRW (0 decimals) → PHP, mid 0.0421, rate 0.0410, fee 3 500 KRW,
			// send 250 000 KRW.
			// margin = 250000 × 0.0011 / 0.0421 = 275 / 0.0421 = 6 532.066… → 6 532 KRW
			// total = 3 500 + 6 532 = 10 032 KRW; 10032 / 250000 = 4.0128 % → 4.01 %
			// received = 250000 × 0.0410 = 10 250.00 PHP
			name:   "rounding: sent in a 0-decimal currency",
			pair:   Pair{Send: "KRW", Receive: "PHP", Mid: d("0.0421")},
			quotes: []Quote{{Amount: d("250000"), FeeFixed: d("3500"), Rate: d("0.0410")}},
			amount: "250000",
			want:   want{"3500", "6532", "10032", "4.01", "10250.00", Exact},
		},
		{
			// 2-decimal rounding of a fee: 1.5 % of 123.45 EUR = 1.85175 → 1.85;
			// rate = mid 60.00, so margin 0; 1.85 / 123.45 = 1.4985… % → 1.50 %
			// received = 123.45 × 60 = 7 407.00 PHP
			name:   "rounding: percentage fee to cents",
			pair:   eurPHP,
			quotes: []Quote{{Amount: d("123.45"), FeePercent: d("1.5"), Rate: d("60")}},
			amount: "123.45",
			want:   want{"1.85", "0.00", "1.85", "1.50", "7407.00", Exact},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Of(tc.pair, tc.quotes, d(tc.amount))
			if err != nil {
				t.Fatal(err)
			}
			check(t, got, tc.want)
		})
	}
}

var twoQuotes = []Quote{ // given out of order on purpose
	{Amount: d("462"), FeeFixed: d("8.54"), Rate: d("59.70")},
	{Amount: d("185"), FeeFixed: d("3.00"), Rate: d("59.40")},
}

func TestInterpolationNamesItsQuotes(t *testing.T) {
	got, err := Of(eurPHP, twoQuotes, d("300"))
	if err != nil {
		t.Fatal(err)
	}
	if !got.From.Equal(d("185")) || !got.To.Equal(d("462")) {
		t.Errorf("from %s to %s, want 185 to 462", got.From, got.To)
	}
}

func TestCompareSortsByAmountReceived(t *testing.T) {
	// Send 200 EUR, reference 60.00.
	// A: fee 2.00, rate 59.00 → received 11 800.00; margin 200 × 1 / 60 = 3.33; total 5.33 (2.67 %)
	// B: fee 6.00, rate 59.90 → received 11 980.00; margin 200 × 0.1 / 60 = 0.33; total 6.33 (3.17 %)
	// C: fee 0.00, rate 58.00 → received 11 600.00; margin 200 × 2 / 60 = 6.67; total 6.67 (3.34 %)
	// Most received first: B, A, C — although A has the lowest cost, the
	// family gets more with B (the fee is paid on top by the sender).
	got, err := Compare(eurPHP, d("200"), []Offer{
		{Name: "A", Fee: d("2.00"), Rate: d("59.00")},
		{Name: "B", Fee: d("6.00"), Rate: d("59.90")},
		{Name: "C", Fee: d("0"), Rate: d("58.00")},
	})
	if err != nil {
		t.Fatal(err)
	}
	wants := []struct{ name, received, total, percent string }{
		{"B", "11980.00", "6.33", "3.17"},
		{"A", "11800.00", "5.33", "2.67"},
		{"C", "11600.00", "6.67", "3.34"},
	}
	for i, w := range wants {
		g := got[i]
		if g.Name != w.name || g.Received.StringFixed(2) != w.received || g.Total.StringFixed(2) != w.total || g.Percent.StringFixed(2) != w.percent || g.Basis != Typed {
			t.Errorf("#%d: got %s %s %s %s%%, want %+v", i, g.Name, g.Received.StringFixed(2), g.Total.StringFixed(2), g.Percent.StringFixed(2), w)
		}
	}
}

func TestRefusesBadInput(t *testing.T) {
	q := []Quote{{Amount: d("200"), FeeFixed: d("1"), Rate: d("59")}}
	tests := []struct {
		name   string
		pair   Pair
		quotes []Quote
		amount string
		want   error
	}{
		{"zero amount", eurPHP, q, "0", ErrAmount},
		{"negative amount", eurPHP, q, "-5", ErrAmount},
		{"no mid rate", Pair{Send: "EUR", Receive: "PHP"}, q, "100", ErrMid},
		{"no quotes", eurPHP, nil, "100", ErrQuotes},
		{"negative fee", eurPHP, []Quote{{Amount: d("200"), FeeFixed: d("-1"), Rate: d("59")}}, "100", ErrFee},
		{"negative rate", eurPHP, []Quote{{Amount: d("200"), Rate: d("-59")}}, "100", ErrRate},
		{"margin of 100 %", eurPHP, []Quote{{Amount: d("200"), MarginPercent: d("100")}}, "100", ErrRate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Of(tc.pair, tc.quotes, d(tc.amount)); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Compare(eurPHP, d("100"), []Offer{{Name: "X", Fee: d("1"), Rate: d("0")}}); !errors.Is(err, ErrRate) {
		t.Errorf("typed offer with rate 0: got %v, want %v", err, ErrRate)
	}
}

func TestMinorUnits(t *testing.T) {
	for code, want := range map[string]int32{"EUR": 2, "JPY": 0, "KRW": 0, "PHP": 2, "KWD": 3} {
		if got := MinorUnits(code); got != want {
			t.Errorf("%s: got %d, want %d", code, got, want)
		}
	}
}

func TestCurrency(t *testing.T) {
	if c, err := Currency("eur"); err != nil || c != "EUR" {
		t.Errorf("eur: got %q %v", c, err)
	}
	if _, err := Currency("EUX"); err == nil {
		t.Error("EUX accepted")
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		"200": "200", "1,5": "1.5", "1.5": "1.5", "1 000,50": "1000.5", "1.000,50": "1000.5",
		"1,000.50": "1000.5", "٢٠٠٫٥": "200.5", "۱۲۳": "123",
	} {
		got, err := Parse(in)
		if err != nil || !got.Equal(d(want)) {
			t.Errorf("Parse(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1,2,3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
