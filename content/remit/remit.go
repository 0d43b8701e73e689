// Package remit computes the cost of sending money the way the World Bank's
// Remittance Prices Worldwide (RPW) does, so Safar's figures can be set
// beside RPW's: total cost = fee + exchange-rate margin against the
// mid-market rate, in the sending currency and as a percentage of the amount
// sent. The fee is paid on top of the amount sent; the family receives the
// amount sent times the provider's rate.
//
// All arithmetic is decimal (github.com/shopspring/decimal); figures are
// rounded half away from zero to the currency's minor unit only at the end.
package remit

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

var hundred = decimal.NewFromInt(100)

// Currency parses an ISO 4217 code ("EUR", "php") and returns it upper-case.
func Currency(code string) (string, error) {
	u, err := currency.ParseISO(code)
	if err != nil {
		return "", fmt.Errorf("%q is not an ISO 4217 currency code", code)
	}
	return u.String(), nil
}

// MinorUnits is the number of decimals a currency's amounts are rounded to.
// It comes from golang.org/x/text/currency (CLDR): 2 for EUR, 0 for JPY and
// KRW, and also 0 for currencies such as SYP, IQD and AFN whose ISO 4217
// subunits are no longer used in practice.
func MinorUnits(code string) int32 {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return int32(scale)
}

// Round rounds an amount to the currency's minor unit, half away from zero.
func Round(amount decimal.Decimal, code string) decimal.Decimal {
	return amount.Round(MinorUnits(code))
}

// Quote is one provider's price for sending Amount (in the sending
// currency). The fee is FeeFixed plus FeePercent of the amount sent; the
// rate is Rate (units received per unit sent) or, when Rate is zero, the
// mid-market rate less MarginPercent.
type Quote struct {
	Amount        decimal.Decimal
	FeeFixed      decimal.Decimal
	FeePercent    decimal.Decimal
	Rate          decimal.Decimal
	MarginPercent decimal.Decimal
}

// feeAt is the quote's fee structure applied to amount.
func (q Quote) feeAt(amount decimal.Decimal) decimal.Decimal {
	return q.FeeFixed.Add(amount.Mul(q.FeePercent).Div(hundred))
}

// rate is the quote's exchange rate against mid.
func (q Quote) rate(mid decimal.Decimal) decimal.Decimal {
	if q.Rate.IsPositive() {
		return q.Rate
	}
	return mid.Mul(hundred.Sub(q.MarginPercent)).Div(hundred)
}

// Basis says which quotes a cost rests on, so the screen can state the method.
type Basis int

const (
	// Exact: a quote for exactly the amount entered.
	Exact Basis = iota
	// Interpolated: the fee is interpolated linearly between the quotes
	// for From and To; the rate is that of the nearer of the two (the
	// lower on a tie).
	Interpolated
	// BelowRange: the amount is below the smallest quoted amount (From);
	// that quote's fee structure and rate are used.
	BelowRange
	// AboveRange: the amount is above the largest quoted amount (From);
	// that quote's fee structure and rate are used.
	AboveRange
	// Typed: a quote the reader typed, taken as given for the amount.
	Typed
)

// Cost is the RPW cost of sending Amount. Money figures are rounded to
// their currency's minor unit; Total is Fee + Margin as rounded, and
// Percent is Total as a percentage of Amount, to two decimals.
type Cost struct {
	Send, Receive string
	Amount        decimal.Decimal // sent, in Send
	Fee           decimal.Decimal // in Send
	Margin        decimal.Decimal // exchange-rate margin, in Send
	Total         decimal.Decimal // Fee + Margin, in Send
	Percent       decimal.Decimal // Total / Amount × 100
	Rate          decimal.Decimal // the provider's rate used
	Received      decimal.Decimal // Amount × Rate, in Receive
	Basis         Basis
	From, To      decimal.Decimal // quoted amounts the cost rests on (To only when Interpolated)
}

// Pair is a corridor's two currencies and the mid-market reference rate
// (units of Receive per unit of Send).
type Pair struct {
	Send, Receive string
	Mid           decimal.Decimal
}

// Errors a caller can show in its own words.
var (
	ErrAmount = errors.New("the amount to send must be more than zero")
	ErrMid    = errors.New("the reference rate must be more than zero")
	ErrRate   = errors.New("the exchange rate must be more than zero")
	ErrFee    = errors.New("the fee cannot be negative")
	ErrQuotes = errors.New("there are no quotes")
)

// Of computes the cost of sending amount with a provider's quotes (any
// order). The quote for the nearest amount is used; between two quoted
// amounts the fee is interpolated linearly, and outside the quoted range
// the nearest quote is used and Basis says so.
func Of(p Pair, quotes []Quote, amount decimal.Decimal) (Cost, error) {
	if err := p.check(amount); err != nil {
		return Cost{}, err
	}
	if len(quotes) == 0 {
		return Cost{}, ErrQuotes
	}
	qs := append([]Quote(nil), quotes...)
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].Amount.LessThan(qs[j].Amount) })
	for _, q := range qs {
		if err := q.check(); err != nil {
			return Cost{}, err
		}
	}
	first, last := qs[0], qs[len(qs)-1]
	switch {
	case amount.LessThan(first.Amount):
		return p.cost(amount, first.feeAt(amount), first.rate(p.Mid), BelowRange, first.Amount, decimal.Zero), nil
	case amount.GreaterThan(last.Amount):
		return p.cost(amount, last.feeAt(amount), last.rate(p.Mid), AboveRange, last.Amount, decimal.Zero), nil
	}
	for i, q := range qs {
		if amount.Equal(q.Amount) {
			return p.cost(amount, q.feeAt(amount), q.rate(p.Mid), Exact, q.Amount, decimal.Zero), nil
		}
		if i+1 < len(qs) && amount.LessThan(qs[i+1].Amount) {
			lo, hi := q, qs[i+1]
			f0, f1 := lo.feeAt(lo.Amount), hi.feeAt(hi.Amount)
			fee := f0.Add(f1.Sub(f0).Mul(amount.Sub(lo.Amount)).Div(hi.Amount.Sub(lo.Amount)))
			near := lo
			if hi.Amount.Sub(amount).LessThan(amount.Sub(lo.Amount)) {
				near = hi
			}
			return p.cost(amount, fee, near.rate(p.Mid), Interpolated, lo.Amount, hi.Amount), nil
		}
	}
	panic("remit: unreachable") // amount lies within [first, last]
}

// Offer is a quote the reader got (at a shop, on an app) for the amount
// they mean to send: the fee in the sending currency and the rate offered.
type Offer struct {
	Name string
	Fee  decimal.Decimal
	Rate decimal.Decimal
}

// Compared is one typed offer's cost.
type Compared struct {
	Name string
	Cost
}

// Compare computes the cost of each offer for amount against the pair's
// reference rate, best first: most received, then lowest total cost, then
// by name.
func Compare(p Pair, amount decimal.Decimal, offers []Offer) ([]Compared, error) {
	if err := p.check(amount); err != nil {
		return nil, err
	}
	var out []Compared
	for _, o := range offers {
		if !o.Rate.IsPositive() {
			return nil, fmt.Errorf("%s: %w", o.Name, ErrRate)
		}
		if o.Fee.IsNegative() {
			return nil, fmt.Errorf("%s: %w", o.Name, ErrFee)
		}
		c := p.cost(amount, o.Fee, o.Rate, Typed, amount, decimal.Zero)
		out = append(out, Compared{Name: o.Name, Cost: c})
	}
	SortByReceived(out, func(c Compared) Cost { return c.Cost }, func(c Compared) string { return c.Name })
	return out, nil
}

// SortByReceived orders items best first: most received, then lowest total
// cost, then by name, so equal offers keep a stable, explainable order.
func SortByReceived[T any](items []T, cost func(T) Cost, name func(T) string) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := cost(items[i]), cost(items[j])
		if !a.Received.Equal(b.Received) {
			return a.Received.GreaterThan(b.Received)
		}
		if !a.Total.Equal(b.Total) {
			return a.Total.LessThan(b.Total)
		}
		return strings.ToLower(name(items[i])) < strings.ToLower(name(items[j]))
	})
}

func (p Pair) check(amount decimal.Decimal) error {
	if !amount.IsPositive() {
		return ErrAmount
	}
	if !p.Mid.IsPositive() {
		return ErrMid
	}
	return nil
}

func (q Quote) check() error {
	if q.FeeFixed.IsNegative() || q.FeePercent.IsNegative() {
		return ErrFee
	}
	if !q.Rate.IsPositive() && (q.MarginPercent.IsNegative() || q.MarginPercent.GreaterThanOrEqual(hundred)) {
		return ErrRate
	}
	if q.Rate.IsNegative() {
		return ErrRate
	}
	return nil
}

// cost applies the RPW formula: margin = amount × (mid − rate) / mid.
func (p Pair) cost(amount, fee, rate decimal.Decimal, basis Basis, from, to decimal.Decimal) Cost {
	fee = Round(fee, p.Send)
	margin := Round(amount.Mul(p.Mid.Sub(rate)).Div(p.Mid), p.Send)
	total := fee.Add(margin)
	return Cost{
		Send: p.Send, Receive: p.Receive, Amount: amount,
		Fee: fee, Margin: margin, Total: total,
		Percent:  total.Mul(hundred).Div(amount).Round(2),
		Rate:     rate,
		Received: Round(amount.Mul(rate), p.Receive),
		Basis:    basis, From: from, To: to,
	}
}

// Parse reads a decimal number as a person types it: "1,5" and "1.5" are
// the same, spaces and thousands separators of the other kind are dropped
// ("1 000,50", "1,000.50"), and Arabic-Indic and Persian digits are read.
func Parse(s string) (decimal.Decimal, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r == '٫':
			b.WriteRune('.')
		case r == '٬', r == ' ', r == '\u00a0', r == '\u202f', r == '\'':
		default:
			b.WriteRune(r)
		}
	}
	t := b.String()
	dot, comma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot: // 1.000,50
		t = strings.ReplaceAll(t[:comma], ".", "") + "." + t[comma+1:]
	case dot >= 0 && comma >= 0: // 1,000.50
		t = strings.ReplaceAll(t, ",", "")
	case comma >= 0 && strings.Count(t, ",") == 1: // 1,5
		t = strings.Replace(t, ",", ".", 1)
	}
	d, err := decimal.NewFromString(t)
	if err != nil || t == "" {
		return decimal.Zero, fmt.Errorf("%q is not a number", s)
	}
	return d, nil
}
