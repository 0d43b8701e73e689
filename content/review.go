package content

import (
	"fmt"
	"net/url"
	"time"
)

// Review periods: how long a check against the source may stand, by how
// fast the subject changes. Entry and asylum rules change with laws and
// court rulings; numbers, addresses and opening hours change with budgets
// and tenders; background (rights, health, living) changes slowest.
const (
	RulesReviewMonths      = 6
	RecordsReviewMonths    = 12
	BackgroundReviewMonths = 24
)

// ReviewMonths is the longest review period for an article of kind k:
// entry (visas, residence, asylum) 6 months; emergency articles, which
// list numbers, 12, like hotlines and services; everything else 24.
func ReviewMonths(k Kind) int {
	switch k {
	case KindEntry:
		return RulesReviewMonths
	case KindEmergency:
		return RecordsReviewMonths
	default:
		return BackgroundReviewMonths
	}
}

// Advise returns the warnings an editor should act on but a reader can
// live with, so they do not stop a pack from being installed:
//   - a source that is a bare home page ("https://www.iom.int"), which does
//     not let anyone check the text against it;
//   - a review_by further from reviewed_on than the subject's review period
//     (ReviewMonths; hotlines and services RecordsReviewMonths, the
//     phrasebook BackgroundReviewMonths).
func (p *Pack) Advise(where Locator) []Problem {
	if where == nil {
		where = ItemLocator
	}
	var ps []Problem
	warn := func(id, key, format string, a ...any) {
		r := Ref{ID: id, Key: key}
		ps = append(ps, Problem{Where: where(r), Message: fmt.Sprintf(format, a...), Warning: true, Ref: r})
	}
	check := func(id string, pv Provenance, months int, what string) {
		key := "source"
		if len(pv.MoreSources) > 0 {
			key = "sources"
		}
		for _, s := range pv.Sources() {
			if HomePage(s) {
				warn(id, key, "source %q is a home page: cite the page that supports the text", s)
			}
		}
		if pv.ReviewedOn.IsZero() || pv.ReviewBy.IsZero() {
			return
		}
		if limit := pv.ReviewedOn.AddMonths(months); limit.Before(pv.ReviewBy) {
			warn(id, "review_by", "review_by %s is more than %d months after reviewed_on %s: %s is checked again by %s",
				pv.ReviewBy, months, pv.ReviewedOn, what, limit)
		}
	}
	for _, it := range p.Items {
		check(it.ID, it.Provenance, ReviewMonths(it.Kind), "an article of kind "+string(it.Kind))
	}
	for _, h := range p.Hotlines {
		check(h.ID, h.Provenance, RecordsReviewMonths, "a hotline")
	}
	for _, s := range p.Services {
		check(s.ID, s.Provenance, RecordsReviewMonths, "a service")
	}
	for _, c := range p.PhraseCategories {
		check(c.ID, c.Provenance, BackgroundReviewMonths, "the phrasebook")
	}
	// A checklist's steps are mostly first steps of asylum and residence:
	// it is checked as often as entry rules.
	for _, c := range p.Checklists {
		check(c.ID, c.Provenance, ReviewMonths(KindEntry), "a checklist")
	}
	return ps
}

// HomePage reports whether address is a site's front page: no path, no
// query. A web address that does not parse is not reported here; Validate
// rejects it.
func HomePage(address string) bool {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return false
	}
	return (u.Path == "" || u.Path == "/") && u.RawQuery == "" && u.Fragment == ""
}

// AddMonths is the day n calendar months after d; a day the month lacks
// runs into the next (2026-08-31 plus 6 months is 2027-03-03), as
// time.AddDate does.
func (d Date) AddMonths(n int) Date {
	return DateOf(time.Date(d.Year, time.Month(d.Month)+time.Month(n), d.Day, 0, 0, 0, 0, time.UTC))
}
