package content

import "safar.app/safar/content/remit"

// Channel is how a provider moves money, in the categories of the World
// Bank's Remittance Prices Worldwide.
type Channel string

const (
	ChannelBank        Channel = "bank"
	ChannelMTO         Channel = "money-transfer-operator"
	ChannelMobileMoney Channel = "mobile-money"
	ChannelPost        Channel = "post"
)

// Channels lists every channel.
var Channels = []Channel{ChannelBank, ChannelMTO, ChannelMobileMoney, ChannelPost}

// Valid reports whether c is one of Channels.
func (c Channel) Valid() bool {
	for _, v := range Channels {
		if v == c {
			return true
		}
	}
	return false
}

// Corridor is one way money goes home: from Country (the sending country,
// whose folder holds the record) in SendCurrency to ReceiveCountry in
// ReceiveCurrency, with the providers' quotes and the mid-market reference
// rate they are measured against. A corridor may have no providers: then
// the app offers only "Compare quotes I got", with the guidance and the
// register of licensed providers.
type Corridor struct {
	ID              string
	Country         string // sending country, ISO 3166-1 alpha-2, lower case
	SendCurrency    string // ISO 4217
	ReceiveCountry  string
	ReceiveCurrency string
	Mid             remit.Pair // the reference rate (zero when there are no providers)
	MidDate         Date
	MidSource       string // https:// address of the rate's source
	DataSource      string // e.g. "Remittance Prices Worldwide, Q3 2026"
	Register        string // the destination's official register of licensed providers, if any
	Providers       []Provider
	Provenance
}

// Provider is one provider's quotes in a corridor.
type Provider struct {
	Name     string
	Channel  Channel
	PayIn    []string // how the sender pays: "cash", "bank account", "card"…
	PayOut   []string // how the family receives: "cash", "bank account", "mobile wallet"…
	Speed    string   // as the source states it: "less than one hour", "next day"…
	QuotedOn Date
	ReviewBy Date // past it the quote is marked as old; the corridor's review_by when not given
	Quotes   []remit.Quote
}

// Stale reports whether the provider's quote is past its review-by date.
func (p Provider) Stale(today Date) bool { return !p.ReviewBy.IsZero() && p.ReviewBy.Before(today) }
