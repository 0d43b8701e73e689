package source

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"safar.app/safar/content"
	"safar.app/safar/content/remit"
)

// RemittanceFile is the name of a sending country's corridors file.
const RemittanceFile = "remittance.toml"

// number is a decimal an editor writes as a TOML number (59.40) or string
// ("59.40"). Numbers go through float64 on the way; decimal.NewFromFloat
// keeps the shortest decimal that reads back as that float, which is what
// the editor wrote for any price or rate of up to 15 digits.
type number struct {
	d   decimal.Decimal
	set bool
}

func (n *number) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case int64:
		n.d = decimal.NewFromInt(x)
	case float64:
		n.d = decimal.NewFromFloat(x)
	case string:
		d, err := decimal.NewFromString(strings.TrimSpace(x))
		if err != nil {
			return fmt.Errorf("%q is not a number", x)
		}
		n.d = d
	default:
		return fmt.Errorf("want a number, got %v", v)
	}
	n.set = true
	return nil
}

type remittanceFile struct {
	Corridor []struct {
		ID              string    `toml:"id"`
		SendCurrency    string    `toml:"send_currency"`
		ReceiveCountry  string    `toml:"receive_country"`
		ReceiveCurrency string    `toml:"receive_currency"`
		MidRate         number    `toml:"mid_rate"`
		MidRateDate     time.Time `toml:"mid_rate_date"`
		MidRateSource   string    `toml:"mid_rate_source"`
		DataSource      string    `toml:"data_source"`
		Register        string    `toml:"register"`
		recordProvenance
		Provider []struct {
			Name     string    `toml:"name"`
			Channel  string    `toml:"channel"`
			PayIn    []string  `toml:"pay_in"`
			PayOut   []string  `toml:"pay_out"`
			Speed    string    `toml:"speed"`
			QuotedOn time.Time `toml:"quoted_on"`
			ReviewBy time.Time `toml:"review_by"`
			Quote    []struct {
				Amount        number `toml:"amount"`
				Fee           number `toml:"fee"`
				FeePercent    number `toml:"fee_percent"`
				Rate          number `toml:"rate"`
				MarginPercent number `toml:"margin_percent"`
			} `toml:"quote"`
		} `toml:"provider"`
	} `toml:"corridor"`
}

// tables finds the line of every [[name]] header in lines, in file order:
// the n-th is where the n-th element of that array of tables starts.
func tables(lines []string, name string) []int {
	var out []int
	for i, ln := range lines {
		if strings.TrimSpace(ln) == "[["+name+"]]" {
			out = append(out, i+1)
		}
	}
	return out
}

// block finds key in the table starting at line start (1-based), up to the
// next table header; start itself when the key is not there.
func block(lines []string, start int, key string) int {
	for i := start; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "[") {
			break
		}
		if strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") {
			return i + 1
		}
	}
	return start
}

// remittance reads a sending country's corridors. Every figure is checked
// here, where its line is known: a wrong fee or rate is the mistake that
// costs a reader money.
func (l *loader) remittance(p, cc string, today content.Date) {
	var f remittanceFile
	data, _, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	lines := l.lines(p, data)
	corridorAt, providerAt, quoteAt := tables(lines, "corridor"), tables(lines, "corridor.provider"), tables(lines, "corridor.provider.quote")
	at := func(starts []int, i int) int {
		if i < len(starts) {
			return starts[i]
		}
		return 1
	}
	np, nq := 0, 0
	for ci, c := range f.Corridor {
		start := at(corridorAt, ci)
		bad := func(key, format string, a ...any) { l.problem(p, block(lines, start, key), format, a...) }
		d, unique := l.defineID(c.ID, p, data, 0)
		if c.ID == "" {
			bad("id", "corridor without an id")
		}
		l.checkPrefix(c.ID, cc, d)
		co := content.Corridor{ID: c.ID, Country: cc, ReceiveCountry: c.ReceiveCountry,
			MidSource: c.MidRateSource, DataSource: c.DataSource, Register: c.Register, Provenance: c.get()}
		co.SendCurrency = l.currency(c.SendCurrency, "send_currency", bad)
		co.ReceiveCurrency = l.currency(c.ReceiveCurrency, "receive_currency", bad)
		if len(c.ReceiveCountry) != 2 || strings.ToLower(c.ReceiveCountry) != c.ReceiveCountry {
			bad("receive_country", "receive_country %q: want an ISO 3166-1 alpha-2 code in lower case, such as \"sy\"", c.ReceiveCountry)
		}
		if c.Publisher == "" {
			bad("publisher", "corridor %q: missing publisher", c.ID)
		}
		if !strings.HasPrefix(c.Source, "https://") {
			bad("source", "corridor %q: source must be the https:// address of the page the quotes come from", c.ID)
		}
		if c.DataSource == "" && len(c.Provider) > 0 {
			bad("data_source", "corridor %q: say where the quotes come from in data_source (for example an RPW quarter or a price survey)", c.ID)
		}
		if c.Register != "" && !strings.HasPrefix(c.Register, "https://") {
			bad("register", "corridor %q: register must be an https:// address", c.ID)
		}
		if c.ReviewBy.IsZero() {
			bad("review_by", "corridor %q: missing review_by", c.ID)
		}
		if !c.MidRateDate.IsZero() {
			co.MidDate = content.DateOf(c.MidRateDate)
		}
		co.Mid = remit.Pair{Send: co.SendCurrency, Receive: co.ReceiveCurrency, Mid: c.MidRate.d}
		switch {
		case c.MidRate.set && !c.MidRate.d.IsPositive():
			bad("mid_rate", "corridor %q: mid_rate must be more than zero", c.ID)
		case !c.MidRate.set && len(c.Provider) > 0:
			bad("mid_rate", "corridor %q: providers' quotes need the mid-market mid_rate they are measured against", c.ID)
		}
		if c.MidRate.set && (c.MidRateDate.IsZero() || !strings.HasPrefix(c.MidRateSource, "https://")) {
			bad("mid_rate", "corridor %q: give the mid_rate's mid_rate_date and its mid_rate_source (an https:// address)", c.ID)
		}
		for _, pr := range c.Provider {
			pstart := at(providerAt, np)
			np++
			pbad := func(key, format string, a ...any) { l.problem(p, block(lines, pstart, key), format, a...) }
			pv := content.Provider{Name: pr.Name, Channel: content.Channel(pr.Channel), PayIn: pr.PayIn,
				PayOut: pr.PayOut, Speed: pr.Speed, ReviewBy: co.ReviewBy}
			if pr.Name == "" {
				pbad("name", "provider without a name")
			}
			if !pv.Channel.Valid() {
				pbad("channel", "provider %q: channel %q: want one of %v", pr.Name, pr.Channel, content.Channels)
			}
			if pr.QuotedOn.IsZero() {
				pbad("quoted_on", "provider %q: missing quoted_on, the date of the quote", pr.Name)
			} else {
				pv.QuotedOn = content.DateOf(pr.QuotedOn)
			}
			if !pr.ReviewBy.IsZero() {
				pv.ReviewBy = content.DateOf(pr.ReviewBy)
			}
			if pv.Stale(today) {
				l.problems = append(l.problems, content.Problem{Where: fmt.Sprintf("%s:%d", p, block(lines, pstart, "quoted_on")), Warning: true,
					Message: fmt.Sprintf("provider %q: the quote of %s is past its review-by date %s: check it against the source", pr.Name, pv.QuotedOn, pv.ReviewBy)})
			}
			if len(pr.Quote) == 0 {
				pbad("name", "provider %q has no quote", pr.Name)
			}
			seen := map[string]bool{}
			for _, q := range pr.Quote {
				qstart := at(quoteAt, nq)
				nq++
				qbad := func(key, format string, a ...any) { l.problem(p, block(lines, qstart, key), format, a...) }
				rq := remit.Quote{Amount: q.Amount.d, FeeFixed: q.Fee.d, FeePercent: q.FeePercent.d,
					Rate: q.Rate.d, MarginPercent: q.MarginPercent.d}
				switch {
				case !q.Amount.set || !q.Amount.d.IsPositive():
					qbad("amount", "provider %q: a quote needs an amount more than zero", pr.Name)
				case seen[q.Amount.d.String()]:
					qbad("amount", "provider %q: two quotes for %s", pr.Name, q.Amount.d)
				}
				seen[q.Amount.d.String()] = true
				if !q.Fee.set && !q.FeePercent.set {
					qbad("fee", "provider %q: quote for %s: give fee (0 when there is none) or fee_percent", pr.Name, q.Amount.d)
				}
				if key := "fee"; q.Fee.d.IsNegative() || q.FeePercent.d.IsNegative() {
					if q.FeePercent.d.IsNegative() {
						key = "fee_percent"
					}
					qbad(key, "provider %q: quote for %s: a fee cannot be negative", pr.Name, q.Amount.d)
				}
				switch {
				case q.Rate.set == q.MarginPercent.set:
					qbad("rate", "provider %q: quote for %s: give either rate or margin_percent", pr.Name, q.Amount.d)
				case q.Rate.set && !q.Rate.d.IsPositive():
					qbad("rate", "provider %q: quote for %s: rate must be more than zero", pr.Name, q.Amount.d)
				case q.MarginPercent.set && (q.MarginPercent.d.IsNegative() || q.MarginPercent.d.GreaterThanOrEqual(decimal.NewFromInt(100))):
					qbad("margin_percent", "provider %q: quote for %s: margin_percent must be from 0 up to 100", pr.Name, q.Amount.d)
				}
				pv.Quotes = append(pv.Quotes, rq)
			}
			co.Providers = append(co.Providers, pv)
		}
		if len(c.Provider) == 0 && co.Overdue(today) {
			l.problems = append(l.problems, content.Problem{Where: fmt.Sprintf("%s:%d", p, block(lines, start, "review_by")), Warning: true,
				Message: fmt.Sprintf("corridor %q: review_by %s has passed: check it against its source", c.ID, co.ReviewBy)})
		}
		if unique {
			l.pack.Corridors = append(l.pack.Corridors, co)
		}
	}
}

// currency checks an ISO 4217 code and returns it as written when it is bad,
// so the corridor still loads for the rest of the checks.
func (l *loader) currency(code, key string, bad func(key, format string, a ...any)) string {
	c, err := remit.Currency(code)
	if err != nil || c != code {
		bad(key, "%s %q: want an ISO 4217 currency code in capitals, such as \"EUR\"", key, code)
		return code
	}
	return c
}
