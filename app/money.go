package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/remit"
	"safar.app/safar/locales"
)

// rpwURL is the World Bank's Remittance Prices Worldwide database, where
// readers find providers' prices for corridors Safar has no quotes for.
const rpwURL = "https://remittanceprices.worldbank.org/"

var channelMessages = map[content.Channel]string{
	content.ChannelBank:        "MoneyChannelBank",
	content.ChannelMTO:         "MoneyChannelMTO",
	content.ChannelMobileMoney: "MoneyChannelMobile",
	content.ChannelPost:        "MoneyChannelPost",
}

// money writes an amount in the reader's way of writing numbers, rounded
// to the currency's minor unit, with its ISO 4217 code.
func (a *App) money(d decimal.Decimal, code string) string {
	f, _ := d.Float64()
	return locales.FormatAmount(a.loc.Tag(), f, uint64(remit.MinorUnits(code)), code)
}

func (a *App) percent(d decimal.Decimal) string {
	f, _ := d.Float64()
	return locales.FormatPercent(a.loc.Tag(), f)
}

// day is a content date in the reader's language (CLDR), not an ISO string.
func (a *App) day(d content.Date) string { return a.loc.Day(d.Year, d.Month, d.Day) }

// corridor is the reader's corridor from their country: the one to the
// country they left when they named it, else the first; nil when there is none.
func (a *App) corridor() (*content.Corridor, error) {
	cs, err := a.content.Corridors(a.settings.Country)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	for i := range cs {
		if cs[i].ReceiveCountry == a.settings.Origin {
			return &cs[i], nil
		}
	}
	return &cs[0], nil
}

// moneyScreen compares the providers of the reader's corridor for the
// amount they type, by what the family receives, with the RPW method.
func (a *App) moneyScreen() screen {
	return screen{
		title: func() string { return a.loc.T("MoneyTitle") },
		body: func() fyne.CanvasObject {
			co, err := a.corridor()
			if err != nil {
				return a.errorText(err)
			}
			compare := a.button(a.loc.T("MoneyCompareTitle"), nil, func() { a.push(a.compareScreen(co)) })
			guidance := a.ui(a.loc.T("MoneyGuidance"), text.Body)
			if co == nil || len(co.Providers) == 0 {
				return vbox(a.ui(a.loc.T("MoneyNoQuotes"), text.Body), a.link(rpwURL), compare,
					widget.NewSeparator(), guidance, a.register(co))
			}
			amount := widget.NewEntry()
			amount.SetPlaceHolder(a.loc.T("MoneyAmount", "Currency", co.SendCurrency))
			results := container.NewVBox()
			amount.OnChanged = func(s string) {
				results.Objects = a.providerRows(co, s)
				results.Refresh()
				a.relayout()
			}
			return vbox(
				a.ui(co.SendCurrency+" · "+co.ReceiveCurrency, text.Heading),
				a.ui(a.loc.T("MoneyAmount", "Currency", co.SendCurrency), text.Strong), amount,
				results,
				widget.NewSeparator(),
				a.ui(a.loc.T("MoneyMethod", "Send", co.SendCurrency, "Rate", co.Mid.Mid.String(),
					"Receive", co.ReceiveCurrency, "Date", a.day(co.MidDate)), text.Small),
				a.ui(a.loc.T("MoneySourceLine", "Data", co.DataSource, "Publisher", co.Publisher), text.Small),
				a.link(co.Source),
				compare, widget.NewSeparator(), guidance, a.register(co))
		},
	}
}

// register links the destination's register of licensed providers.
func (a *App) register(co *content.Corridor) fyne.CanvasObject {
	if co == nil || co.Register == "" {
		return nil
	}
	return vbox(a.ui(a.loc.T("MoneyRegister"), text.Strong), a.link(co.Register))
}

type providerCost struct {
	p content.Provider
	c remit.Cost
}

// providerRows are the corridor's providers for the typed amount, most
// received first; nothing while the amount is not a positive number.
func (a *App) providerRows(co *content.Corridor, typed string) []fyne.CanvasObject {
	amount, err := remit.Parse(typed)
	if err != nil || !amount.IsPositive() {
		return nil
	}
	var rows []providerCost
	for _, p := range co.Providers {
		c, err := remit.Of(co.Mid, p.Quotes, amount)
		if err != nil {
			continue // the checker refuses such quotes; a synced pack went through it
		}
		rows = append(rows, providerCost{p, c})
	}
	remit.SortByReceived(rows, func(r providerCost) remit.Cost { return r.c }, func(r providerCost) string { return r.p.Name })
	today := content.DateOf(a.now())
	var out []fyne.CanvasObject
	for _, r := range rows {
		kind := a.loc.T(channelMessages[r.p.Channel])
		if r.p.Speed != "" {
			kind += " · " + r.p.Speed
		}
		parts := []fyne.CanvasObject{widget.NewSeparator(),
			a.ui(r.p.Name, text.Heading), a.ui(kind, text.Small)}
		parts = append(parts, a.costLines(r.c)...)
		parts = append(parts, a.ui(a.loc.T("MoneyQuoteDate", "Date", a.day(r.p.QuotedOn)), text.Small))
		if r.p.Stale(today) {
			parts = append(parts, a.ui(a.loc.T("MoneyQuoteStale", "Date", a.day(r.p.ReviewBy)), text.Strong))
		}
		out = append(out, vbox(parts...))
	}
	return out
}

// costLines show a cost: what the family receives, the total cost in money
// and per cent, how it is made up and which quotes it rests on.
func (a *App) costLines(c remit.Cost) []fyne.CanvasObject {
	lines := []fyne.CanvasObject{
		a.ui(a.loc.T("MoneyReceives", "Amount", a.money(c.Received, c.Receive)), text.Strong),
		a.ui(a.loc.T("MoneyCost", "Amount", a.money(c.Total, c.Send), "Percent", a.percent(c.Percent)), text.Body),
		a.ui(a.loc.T("MoneyFeeMargin", "Fee", a.money(c.Fee, c.Send), "Margin", a.money(c.Margin, c.Send)), text.Small),
	}
	from, to := a.money(c.From, c.Send), a.money(c.To, c.Send)
	switch c.Basis {
	case remit.Exact:
		lines = append(lines, a.ui(a.loc.T("MoneyBasisExact", "Amount", from), text.Small))
	case remit.Interpolated:
		lines = append(lines, a.ui(a.loc.T("MoneyBasisInterpolated", "From", from, "To", to), text.Small))
	case remit.BelowRange:
		lines = append(lines, a.ui(a.loc.T("MoneyBasisBelow", "From", from), text.Small))
	case remit.AboveRange:
		lines = append(lines, a.ui(a.loc.T("MoneyBasisAbove", "From", from), text.Small))
	}
	return lines
}

// compareScreen computes the cost of quotes the reader got (at a shop, in
// an app) against the corridor's reference rate or one they type, offline.
func (a *App) compareScreen(co *content.Corridor) screen {
	return screen{
		title: func() string { return a.loc.T("MoneyCompareTitle") },
		body: func() fyne.CanvasObject {
			send, receive, mid := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
			send.SetPlaceHolder("EUR")
			receive.SetPlaceHolder("SYP")
			if co != nil {
				send.SetText(co.SendCurrency)
				receive.SetText(co.ReceiveCurrency)
				if co.Mid.Mid.IsPositive() {
					mid.SetText(co.Mid.Mid.String())
				}
			}
			amount := widget.NewEntry()
			amountLabel := text.Plain(a.loc.T("MoneyAmount", "Currency", send.Text), a.loc.Tag(), text.Strong, a.openURL)
			send.OnChanged = func(s string) {
				amountLabel.SetText(a.loc.T("MoneyAmount", "Currency", strings.ToUpper(strings.TrimSpace(s))))
			}
			type offerRow struct{ name, fee, rate *widget.Entry }
			var offers []offerRow
			form := vbox(a.ui(a.loc.T("MoneyCurrencies"), text.Strong), a.grid(2, send, receive),
				a.ui(a.loc.T("MoneyReference"), text.Strong), mid,
				amountLabel, amount)
			for i := 1; i <= 4; i++ {
				r := offerRow{widget.NewEntry(), widget.NewEntry(), widget.NewEntry()}
				r.name.SetPlaceHolder(a.loc.T("MoneyProvider", "N", strconv.Itoa(i)))
				r.fee.SetPlaceHolder(a.loc.T("MoneyFee"))
				r.rate.SetPlaceHolder(a.loc.T("MoneyRate"))
				offers = append(offers, r)
				form.Add(widget.NewSeparator())
				form.Add(r.name)
				form.Add(a.grid(2, r.fee, r.rate))
			}
			results := container.NewVBox()
			show := func(objs ...fyne.CanvasObject) {
				results.Objects = objs
				results.Refresh()
				a.relayout()
			}
			bad := func(field string) { show(a.ui(a.loc.T("MoneyBadInput", "Field", field), text.Strong)) }
			run := func() {
				s, err1 := remit.Currency(send.Text)
				r, err2 := remit.Currency(receive.Text)
				if err1 != nil || err2 != nil {
					bad(a.loc.T("MoneyCurrencies"))
					return
				}
				m, err := remit.Parse(mid.Text)
				if err != nil || !m.IsPositive() {
					bad(a.loc.T("MoneyReference"))
					return
				}
				amt, err := remit.Parse(amount.Text)
				if err != nil || !amt.IsPositive() {
					bad(a.loc.T("MoneyAmount", "Currency", s))
					return
				}
				var typed []remit.Offer
				for i, o := range offers {
					if o.fee.Text == "" && o.rate.Text == "" {
						continue
					}
					name := o.name.Text
					if name == "" {
						name = a.loc.T("MoneyProvider", "N", strconv.Itoa(i+1))
					}
					fee, err1 := remit.Parse(o.fee.Text)
					rate, err2 := remit.Parse(o.rate.Text)
					if err1 != nil || err2 != nil || fee.IsNegative() || !rate.IsPositive() {
						bad(name)
						return
					}
					typed = append(typed, remit.Offer{Name: name, Fee: fee, Rate: rate})
				}
				if len(typed) < 2 {
					show(a.ui(a.loc.T("MoneyNeedTwo"), text.Strong))
					return
				}
				got, err := remit.Compare(remit.Pair{Send: s, Receive: r, Mid: m}, amt, typed)
				if err != nil {
					show(a.errorText(err))
					return
				}
				var objs []fyne.CanvasObject
				for _, c := range got {
					objs = append(objs, widget.NewSeparator(), a.ui(c.Name, text.Heading))
					objs = append(objs, a.costLines(c.Cost)...)
				}
				objs = append(objs, a.ui(a.loc.T("MoneyMethod", "Send", s, "Rate", m.String(), "Receive", r,
					"Date", a.loc.Date(a.now())), text.Small))
				show(objs...)
			}
			go_ := a.button(a.loc.T("MoneyCompare"), nil, run)
			go_.Importance = widget.HighImportance
			return vbox(form, go_, results)
		},
	}
}

// relayout lays the window out again after a part of a screen grew or
// shrank in place (results below an entry), so what follows moves with it.
func (a *App) relayout() {
	if c := a.win.Content(); c != nil {
		c.Refresh()
	}
}
