// Package content holds Safar's domain types: countries, items and their
// translations, services and hotlines, with the provenance every one carries.
// It has no storage and no UI; content/store and content/source build on it.
package content

import (
	"fmt"
	"time"
)

// Kind says what an item is about. The set is fixed: the UI groups kinds into
// topics, and the source tree uses the kind as a folder name.
type Kind string

const (
	KindEntry     Kind = "entry"
	KindRisk      Kind = "risk"
	KindService   Kind = "service"
	KindProgramme Kind = "programme"
	KindRights    Kind = "rights"
	KindHealth    Kind = "health"
	KindEmergency Kind = "emergency"
	KindLiving    Kind = "living"
	KindStory     Kind = "story"
)

// Kinds lists every kind in the order editors and the checker see them.
var Kinds = []Kind{KindEntry, KindRisk, KindService, KindProgramme, KindRights,
	KindHealth, KindEmergency, KindLiving, KindStory}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// Stage is where a reader is in the journey.
type Stage string

const (
	StageBefore     Stage = "before"
	StageOnTheWay   Stage = "on-the-way"
	StageFirstWeeks Stage = "first-weeks"
	StageSettling   Stage = "settling-in"
)

// Stages lists the journey in order.
var Stages = []Stage{StageBefore, StageOnTheWay, StageFirstWeeks, StageSettling}

// Valid reports whether s is one of Stages.
func (s Stage) Valid() bool {
	for _, v := range Stages {
		if v == s {
			return true
		}
	}
	return false
}

// Status says who stands behind a translation.
type Status string

const (
	StatusOriginal Status = "original" // written in this language by the publisher
	StatusReviewed Status = "reviewed" // translated, and checked by a person
	StatusMachine  Status = "machine"  // drafted by machine, not yet checked
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusOriginal || s == StatusReviewed || s == StatusMachine
}

// Date is a calendar day with no time zone: review dates are days, and a
// time-of-day would only invite off-by-one errors across zones.
type Date struct{ Year, Month, Day int }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf is the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, int(m), d}
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether d was never set.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// Provenance says who stands behind a piece of content and when a person
// last checked it against its source.
type Provenance struct {
	Publisher string
	// Source is the address of the official page the content rests on, the
	// one a reader is sent to.
	Source string
	// MoreSources are further pages the content rests on, where one is not
	// enough (a law beside the service page that applies it).
	MoreSources []string
	// Checked says what a person checked against the sources on ReviewedOn
	// ("numbers, eligibility"); empty when not recorded.
	Checked    string
	ReviewedOn Date
	ReviewBy   Date
}

// Sources lists every page the content rests on, Source first.
func (p Provenance) Sources() []string {
	if p.Source == "" && len(p.MoreSources) == 0 {
		return nil
	}
	return append([]string{p.Source}, p.MoreSources...)
}

// Overdue reports whether the review-by date has passed on day today.
// Overdue content is shown with a warning, never hidden.
func (p Provenance) Overdue(today Date) bool { return p.ReviewBy.Before(today) }

// Role says whether readers go to a country or leave it.
type Role string

const (
	RoleDestination Role = "destination" // guidance for arriving and settling
	RoleOrigin      Role = "origin"      // guidance before leaving it
)

// Valid reports whether r is a known role; empty means a destination.
func (r Role) Valid() bool { return r == "" || r == RoleDestination || r == RoleOrigin }

// Country is a country by its ISO 3166-1 alpha-2 code in lower case.
type Country struct {
	Code    string
	Role    Role
	Names   map[string]string // language tag → name
	Regions []Region
}

// Region is a city or municipality; Code "_" stands for national content.
type Region struct {
	Code  string
	Names map[string]string
}

// NationalRegion is the region code of content that applies to a whole country.
const NationalRegion = "_"

// Translation is one language version of an item.
type Translation struct {
	Lang    string // BCP 47
	Title   string
	Summary string
	Body    string // Markdown
	Status  Status
	// Terms are words readers of this language search with that the text
	// does not use ("GP", "A&E"); search weighs them like the title.
	Terms []string `json:",omitempty"`
}

// Item is one article: <country>/<region>/<kind>/<slug>.
type Item struct {
	ID           string
	Country      string
	Region       string
	Kind         Kind
	Slug         string
	Stages       []Stage
	OriginalLang string
	Provenance   Provenance
	Translations []Translation
	// Consent says how the person in a story agreed to publish it; stories
	// only, and they must have it.
	Consent string `json:",omitempty"`
}

// Path is the item's place in the content tree.
func (it Item) Path() string {
	return it.Country + "/" + it.Region + "/" + string(it.Kind) + "/" + it.Slug
}

// Purpose says what a hotline is for.
type Purpose string

const (
	PurposeEmergency   Purpose = "emergency"
	PurposePolice      Purpose = "police"
	PurposeAmbulance   Purpose = "ambulance"
	PurposeTrafficking Purpose = "trafficking"
	PurposeGBV         Purpose = "gbv"
	PurposeChildren    Purpose = "children"
	PurposeHealth      Purpose = "health"
	PurposeSupport     Purpose = "support"
)

// Purposes lists hotline purposes in the order the emergency screen shows them:
// life-threatening first.
var Purposes = []Purpose{PurposeEmergency, PurposeAmbulance, PurposePolice,
	PurposeGBV, PurposeTrafficking, PurposeChildren, PurposeHealth, PurposeSupport}

// Rank is the purpose's place in Purposes, or len(Purposes) if unknown.
func (p Purpose) Rank() int {
	for i, v := range Purposes {
		if v == p {
			return i
		}
	}
	return len(Purposes)
}

// Valid reports whether p is one of Purposes.
func (p Purpose) Valid() bool { return p.Rank() < len(Purposes) }

// Hotline is a phone number people can call for help.
type Hotline struct {
	ID         string
	Country    string
	Number     string // E.164 ("+498001110111"), or a short code as dialled ("112")
	Purpose    Purpose
	Hours      string
	Languages  []string
	Provenance Provenance
	Texts      []HotlineText
}

// HotlineText is a hotline's label and note in one language.
type HotlineText struct {
	Lang   string
	Label  string
	Note   string
	Status Status
}

// Service is an office or organisation people can go to.
type Service struct {
	ID         string
	Country    string
	Region     string
	Kind       Kind // KindService or KindProgramme
	Phone      string
	Website    string
	Address    string
	Hours      string // OpenStreetMap opening_hours syntax
	Languages  []string
	Lat, Lon   float64
	Provenance Provenance
	Texts      []ServiceText
}

// ServiceText is a service's name and description in one language.
type ServiceText struct {
	Lang        string
	Name        string
	Description string
	Status      Status
}

// Pack is a complete, self-contained set of content: what the embedded
// default ships and what a sync delivers. It is installed as a whole.
type Pack struct {
	Countries []Country
	Items     []Item
	Hotlines  []Hotline
	Services  []Service

	Corridors []Corridor // remittance corridors (content/remittance.go)

	Checklists []Checklist // steps per country and stage (content/checklist.go)

	PhraseCategories []PhraseCategory
	Phrases          []Phrase

	// Synonyms are the shared search concepts (search/synonyms.toml).
	Synonyms []Concept

	Channels []FeedbackChannel // how readers reach each folder's publisher (channel.go)
}

// Concept is one meaning and the words readers use for it, per language and
// dialect: a query that uses any of them finds text that uses any other.
type Concept struct {
	ID    string
	Terms map[string][]string // language tag → words or phrases
}
